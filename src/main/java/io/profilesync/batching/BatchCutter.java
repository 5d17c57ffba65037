package io.profilesync.batching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntSupplier;


/**
 * Cuts a stream of items of one shape into batches that never pass the format's limits. Items are whole
 * users, so a user is never split across two requests.
 */
public final class BatchCutter {

    private final String stream;
    private final BatchFormat format;
    private final IntSupplier numbers;
    private final Consumer<Batch> out;
    private final List<OutboundItem> pending = new ArrayList<>();
    private long[] pendingKeys = new long[16];
    private long pendingBytes;
    private int batches;
    private long items;

    /** A cutter that numbers its own batches from 1. */
    public BatchCutter(String stream, BatchFormat format, Consumer<Batch> out) {
        this(stream, format, new Counter(), out);
    }

    /** @param numbers gives each batch its number: cutters of one stream in several shapes share it */
    public BatchCutter(String stream, BatchFormat format, IntSupplier numbers, Consumer<Batch> out) {
        this.stream = stream;
        this.format = format;
        this.numbers = numbers;
        this.out = out;
    }

    /** Whether this item could ever be sent: a single item larger than the byte limit cannot. */
    public boolean fits(OutboundItem item) {
        return format.sizeOf(item.json().length, 1, item.shape()) <= format.limits().maxBytes();
    }

    /** Adds an item without a key hash (benchmarks and tests of batching alone). */
    public void add(OutboundItem item) {
        add(item, 0);
    }

    /**
     * Adds an item that {@link #fits fits}, first sending the pending batch if the item would overflow it.
     *
     * @param keyHash the item's key hash (0 for none), carried with its batch
     */
    public void add(OutboundItem item, long keyHash) {
        if (!fits(item)) {
            throw new IllegalArgumentException("item from line " + item.line() + " alone exceeds " + format.limits());
        }
        if (!pending.isEmpty() && !Objects.equals(pending.get(0).shape(), item.shape())) {
            throw new IllegalArgumentException("items of another shape need a cutter of their own");
        }
        BatchLimits limits = format.limits();
        boolean full = pending.size() + 1 > limits.maxItems()
                || format.sizeOf(pendingBytes + item.json().length, pending.size() + 1, item.shape()) > limits.maxBytes();
        if (full) {
            flush();
        }
        if (pending.size() == pendingKeys.length) {
            pendingKeys = Arrays.copyOf(pendingKeys, pendingKeys.length * 2);
        }
        pendingKeys[pending.size()] = keyHash;
        pending.add(item);
        pendingBytes += item.json().length;
        items++;
    }

    /** The items added so far. */
    public long items() {
        return items;
    }

    /** Sends whatever is pending as a batch. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        byte[] body = format.body(pending);
        if (body.length > format.limits().maxBytes()) {
            throw new IllegalStateException("batch body of " + body.length + " bytes exceeds " + format.limits());
        }
        batches++;
        long[] lines = pending.stream().mapToLong(OutboundItem::line).toArray();
        out.accept(new Batch(stream, numbers.getAsInt(), lines[0], lines[lines.length - 1], lines.length,
                LineRanges.of(lines), body, Arrays.copyOf(pendingKeys, lines.length)));
        pending.clear();
        pendingBytes = 0;
    }

    public BatchLimits limits() {
        return format.limits();
    }

    /** Batches this cutter has sent. */
    public int batches() {
        return batches;
    }

    /** Numbers from 1, or within a range of its own. */
    public static final class Counter implements IntSupplier {
        private final int limit;
        private int last;

        public Counter() {
            this(1, Integer.MAX_VALUE);
        }

        /** Numbers from {@code first} to {@code limit}; asking for one more is a bug. */
        public Counter(int first, int limit) {
            this.last = first - 1;
            this.limit = limit;
        }

        @Override
        public synchronized int getAsInt() {
            if (last == limit) {
                throw new IllegalStateException("batch numbers up to " + limit + " are all given");
            }
            return ++last;
        }
    }
}
