package io.profilesync.splitting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.RecentlyUsed;

/**
 * One destination's accepted items of a run, held by partition of their key until the whole file has been read, so
 * that the last item per key can win. Held in {@link ItemCodec}'s binary form from the start, in blocks per partition:
 * up to a byte budget in memory, past it every partition goes to its own temporary file, so a file larger than memory
 * costs disk (about the items' JSON size), not heap, and one partition at a time is read back (its file then deleted). Holding the form rather
 * than the items' objects keeps the collector from copying millions of small objects from one young collection to the
 * next until the budget is reached (the parallel collector's pauses on a 1,000,000-row file about 30% shorter:
 * BENCHMARKS.md, session 14).
 */
final class LatestItems implements PartitionedItems, AutoCloseable {

    /**
     * One item with its key's hash (0: no key) and, for a user's item, the identifiers of its row
     * ({@code destination.Identifiers}): carried with the user, not as items of their own, as they are the user's
     * and only ever compared with the state along with it.
     */
    record Entry(OutboundItem item, long keyHash, Carried[] identifiers) {

        static final Carried[] NONE = new Carried[0];

        Entry(OutboundItem item, long keyHash) {
            this(item, keyHash, NONE);
        }
    }

    /** One identifier a user's item carries: its name, key hash and fingerprint (never its value). */
    record Carried(String name, long keyHash, long fingerprint) {
    }

    /** A partition's first block in memory: most partitions of a small file hold a few items. */
    private static final int FIRST_BLOCK_BYTES = 1 << 10;
    /** Blocks double up to this size (in memory), and a spilled partition's buffer is this size. */
    private static final int BLOCK_BYTES = 1 << 16;
    private static final int READ_WINDOW_BYTES = 1 << 20;

    private final long memoryBudget;
    /** Per partition, its full blocks in memory, in file order (flipped, ready to read); empty once spilled. */
    private final List<List<ByteBuffer>> held = new ArrayList<>(DestinationState.PARTITIONS);
    /**
     * Per partition, the block being filled: on the heap while the items are in memory, then a direct buffer, which the
     * channel writes without a copy through a temporary one.
     */
    private final ByteBuffer[] filling = new ByteBuffer[DestinationState.PARTITIONS];
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIds = new HashMap<>();
    /** An item's few names (its stream, shape, identifiers) are the same instances item after item. */
    private final RecentlyUsed<String, Integer> recentNameIds = new RecentlyUsed<>(8, this::newOrKnownNameId);
    /** The capacity of every block allocated in memory. */
    private long memoryBytes;
    private Path spillDirectory;
    private FileChannel[] spills;
    private ByteBuffer readWindow;

    LatestItems(long memoryBudget) {
        this.memoryBudget = memoryBudget;
        for (int i = 0; i < DestinationState.PARTITIONS; i++) {
            held.add(new ArrayList<>());
        }
    }

    void add(OutboundItem item, long keyHash) {
        add(new Entry(item, keyHash));
    }

    void add(Entry entry) {
        int partition = DestinationState.partition(entry.keyHash());
        byte[] key = ItemCodec.key(entry.item());
        int size = ItemCodec.size(entry, key);
        ByteBuffer block = filling[partition];
        if (block == null || block.remaining() < size) {
            block = nextBlock(partition, size);
        }
        ItemCodec.put(block, entry, key, this::nameId);
        if (spills == null && memoryBytes > memoryBudget) {
            spill();
        }
    }

    /** A block with room for {@code size} bytes, once the partition's current one is full. */
    private ByteBuffer nextBlock(int partition, int size) {
        ByteBuffer block = filling[partition];
        if (spills != null) {
            flush(partition);
            return block.capacity() >= size ? block : (filling[partition] = ByteBuffer.allocateDirect(size));
        }
        int capacity = FIRST_BLOCK_BYTES;
        if (block != null) {
            held.get(partition).add(block.flip());
            capacity = Math.min(2 * block.capacity(), BLOCK_BYTES);
        }
        capacity = Math.max(capacity, size);
        memoryBytes += capacity;
        return filling[partition] = ByteBuffer.allocate(capacity);
    }

    /** Whether the items went to disk. */
    boolean spilled() {
        return spills != null;
    }

    /** Where spilled items wait: null until they spill, and once closed. */
    Path spillDirectory() {
        return spillDirectory;
    }

    /** One partition's items, in the order they were added (file order); the partition is then let go. */
    @Override
    public List<Entry> take(int partition) {
        List<Entry> entries = new ArrayList<>();
        if (spills == null) {
            for (ByteBuffer block : takeBlocks(partition)) {
                while (block.hasRemaining()) {
                    entries.add(ItemCodec.get(block, names));
                }
            }
            return entries;
        }
        FileChannel spill = takeSpill(partition);
        if (spill == null) {
            return entries;
        }
        try (spill) {
            readBack(spill.position(0), partition, entries);
            // given back now rather than at the end: on the finishing threads, not after them, and /tmp is freed as the
            // partitions are finished
            Files.delete(file(partition));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back spilled items", e);
        }
    }

    /**
     * One partition's items as {@link ItemCodec#encode} hands them on, made from the form they are held in without
     * reading them back into items; null when the partition has none. The partition is then let go.
     */
    byte[] takeEncoded(int partition) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        if (spills == null) {
            takeBlocks(partition).forEach(block -> items.write(block.array(), block.arrayOffset() + block.position(), block.remaining()));
        } else {
            FileChannel spill = takeSpill(partition);
            if (spill != null) {
                try (spill) {
                    Files.copy(file(partition), items);
                    Files.delete(file(partition));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read back spilled items", e);
                }
            }
        }
        return items.size() == 0 ? null : ItemCodec.encode(names, items.toByteArray());
    }

    /** A partition's blocks in memory, in order and ready to read; the partition is let go. */
    private List<ByteBuffer> takeBlocks(int partition) {
        List<ByteBuffer> blocks = held.set(partition, List.of());
        if (filling[partition] != null) {
            blocks.add(filling[partition].flip());
            filling[partition] = null;
        }
        return blocks;
    }

    /**
     * A spilled partition's file, its last block written, with the channel to close once it is read; null when the
     * partition has none. The partition is let go.
     */
    private FileChannel takeSpill(int partition) {
        FileChannel spill = spills[partition];
        if (spill != null) {
            flush(partition);
            spills[partition] = null;
            filling[partition] = null;
        }
        return spill;
    }

    private void readBack(FileChannel in, int partition, List<Entry> entries) throws IOException {
        ByteBuffer window = readWindow.clear();
        boolean end = false;
        while (!end) {
            end = fill(in, window);
            window.flip();
            while (ItemCodec.isWhole(window)) {
                entries.add(ItemCodec.get(window, names));
            }
            window.compact();
            if (!window.hasRemaining()) {
                // one item larger than the window
                window = readWindow = ByteBuffer.allocateDirect(2 * window.capacity()).put(window.flip());
            }
        }
        if (window.position() > 0) {
            throw new IllegalStateException("spilled items of partition " + partition + " end in the middle of one");
        }
    }

    /** Reads until the window is full or the input ends; answers whether it ended. */
    private static boolean fill(FileChannel in, ByteBuffer window) throws IOException {
        while (window.hasRemaining()) {
            if (in.read(window) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Every partition to its own file: the blocks held so far, then each block as it fills. */
    private void spill() {
        try {
            spillDirectory = Files.createTempDirectory("profile-sync-items");
            spills = new FileChannel[DestinationState.PARTITIONS];
            readWindow = ByteBuffer.allocateDirect(READ_WINDOW_BYTES);
            for (int i = 0; i < spills.length; i++) {
                spills[i] = FileChannel.open(file(i), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                for (ByteBuffer block : held.get(i)) {
                    write(i, block);
                }
                held.set(i, List.of());
                ByteBuffer buffer = ByteBuffer.allocateDirect(BLOCK_BYTES);
                if (filling[i] != null) {
                    write(i, filling[i].flip());
                }
                filling[i] = buffer;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create temporary files for items past " + memoryBudget + " bytes", e);
        }
        memoryBytes = 0;
    }

    private void flush(int partition) {
        write(partition, filling[partition].flip());
        filling[partition].clear();
    }

    private void write(int partition, ByteBuffer block) {
        try {
            while (block.hasRemaining()) {
                spills[partition].write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill items to " + spillDirectory, e);
        }
    }

    /** Streams, shapes and identifier names are few: each is written once, as a number. */
    private int nameId(String name) {
        return recentNameIds.get(name);
    }

    private Integer newOrKnownNameId(String name) {
        Integer id = nameIds.get(name);
        if (id == null) {
            id = names.size();
            names.add(name);
            nameIds.put(name, id);
        }
        return id;
    }

    private Path file(int partition) {
        return spillDirectory.resolve("partition-" + partition);
    }

    @Override
    public void close() {
        if (spillDirectory == null) {
            return;
        }
        for (FileChannel spill : spills) {
            try {
                if (spill != null) {
                    spill.close();
                }
            } catch (IOException ignored) {
                // the files are deleted next
            }
        }
        try (var files = Files.list(spillDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(spillDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + spillDirectory, e);
        }
        spillDirectory = null;
    }
}
