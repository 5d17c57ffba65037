package io.profilesync.splitting;

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

/**
 * One destination's accepted items of a run, held by partition of their key until the whole file has been read, so
 * that the last item per key can win. Held in memory up to a byte budget; past it every partition goes to its
 * own temporary file, so a file larger than memory costs disk (about the items' JSON size), not heap, and one
 * partition at a time is read back.
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

    private static final int ENTRY_OVERHEAD = 96;
    private static final int CARRIED_OVERHEAD = 40;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int READ_WINDOW_BYTES = 1 << 20;

    private final long memoryBudget;
    private final List<List<Entry>> memory = new ArrayList<>(DestinationState.PARTITIONS);
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIds = new HashMap<>();
    private long memoryBytes;
    private Path spillDirectory;
    private FileChannel[] spills;
    /**
     * Where spilled items are written from and read back into: direct buffers, which the channel reads and writes
     * without a copy through a temporary one.
     */
    private ByteBuffer[] buffers;
    private ByteBuffer readWindow;

    LatestItems(long memoryBudget) {
        this.memoryBudget = memoryBudget;
        for (int i = 0; i < DestinationState.PARTITIONS; i++) {
            memory.add(new ArrayList<>());
        }
    }

    void add(OutboundItem item, long keyHash) {
        add(new Entry(item, keyHash));
    }

    void add(Entry entry) {
        int partition = DestinationState.partition(entry.keyHash());
        if (spills != null) {
            write(partition, entry);
            return;
        }
        memory.get(partition).add(entry);
        memoryBytes += entry.item().json().length + ENTRY_OVERHEAD + (long) entry.identifiers().length * CARRIED_OVERHEAD;
        if (memoryBytes > memoryBudget) {
            spill();
        }
    }

    /** Whether the items went to disk. */
    boolean spilled() {
        return spills != null;
    }


    /** One partition's items, in the order they were added (file order); the partition is then let go. */
    @Override
    public List<Entry> take(int partition) {
        if (spills == null) {
            List<Entry> entries = memory.get(partition);
            memory.set(partition, List.of());
            return entries;
        }
        flush(partition);
        List<Entry> entries = new ArrayList<>();
        try (FileChannel in = FileChannel.open(file(partition), StandardOpenOption.READ)) {
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
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back spilled items", e);
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

    private void spill() {
        try {
            spillDirectory = Files.createTempDirectory("profile-sync-items");
            spills = new FileChannel[DestinationState.PARTITIONS];
            readWindow = ByteBuffer.allocateDirect(READ_WINDOW_BYTES);
            buffers = new ByteBuffer[DestinationState.PARTITIONS];
            for (int i = 0; i < spills.length; i++) {
                spills[i] = FileChannel.open(file(i), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                buffers[i] = ByteBuffer.allocateDirect(BUFFER_BYTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create temporary files for items past " + memoryBudget + " bytes", e);
        }
        for (int i = 0; i < memory.size(); i++) {
            for (Entry entry : memory.get(i)) {
                write(i, entry);
            }
            memory.set(i, List.of());
        }
        memoryBytes = 0;
    }

    /** Appends an entry to its partition's buffer (plain array writes: no lock per value, as streams would take). */
    private void write(int partition, Entry entry) {
        byte[] key = ItemCodec.key(entry.item());
        int size = ItemCodec.size(entry, key);
        ByteBuffer buffer = buffers[partition];
        if (buffer.remaining() < size) {
            flush(partition);
            if (buffer.capacity() < size) {
                buffer = buffers[partition] = ByteBuffer.allocateDirect(size);
            }
        }
        ItemCodec.put(buffer, entry, key, this::nameId);
    }

    private void flush(int partition) {
        ByteBuffer buffer = buffers[partition];
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                spills[partition].write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill items to " + spillDirectory, e);
        }
        buffer.clear();
    }

    /** Streams, shapes and identifier names are few: each is written once, as a number. */
    private int nameId(String name) {
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
        if (spills == null) {
            return;
        }
        for (FileChannel spill : spills) {
            try {
                spill.close();
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
    }
}
