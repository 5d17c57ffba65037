package io.profilesync.splitting;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.batching.OutboundItem;

/**
 * One vendor's accepted items of a run, held by partition of their key until the whole file has been read, so
 * that the last item per key can win. Held in memory up to a byte budget; past it every partition goes to its
 * own temporary file, so a file larger than memory costs disk (about the items' JSON size), not heap, and one
 * partition at a time is read back.
 */
final class LatestItems implements AutoCloseable {

    /** One item with its key's hash (0: no key) and its payload's fingerprint. */
    record Entry(OutboundItem item, long keyHash, long fingerprint) {
    }

    private static final int ENTRY_OVERHEAD = 96;

    private final long memoryBudget;
    private final List<List<Entry>> memory = new ArrayList<>(VendorState.PARTITIONS);
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIds = new HashMap<>();
    private long memoryBytes;
    private Path spillDirectory;
    private DataOutputStream[] spills;
    private long spilledBytes;

    LatestItems(long memoryBudget) {
        this.memoryBudget = memoryBudget;
        for (int i = 0; i < VendorState.PARTITIONS; i++) {
            memory.add(new ArrayList<>());
        }
    }

    void add(OutboundItem item, long keyHash, long fingerprint) {
        Entry entry = new Entry(item, keyHash, fingerprint);
        int partition = VendorState.partition(keyHash);
        if (spills != null) {
            write(partition, entry);
            return;
        }
        memory.get(partition).add(entry);
        memoryBytes += item.json().length + ENTRY_OVERHEAD;
        if (memoryBytes > memoryBudget) {
            spill();
        }
    }

    /** Whether the items went to disk. */
    boolean spilled() {
        return spills != null;
    }

    long spilledBytes() {
        return spilledBytes;
    }

    /** One partition's items, in the order they were added (file order); the partition is then let go. */
    List<Entry> take(int partition) {
        if (spills == null) {
            List<Entry> entries = memory.get(partition);
            memory.set(partition, List.of());
            return entries;
        }
        try {
            spills[partition].flush();
            List<Entry> entries = new ArrayList<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file(partition)), 1 << 16))) {
                while (true) {
                    long line;
                    try {
                        line = in.readLong();
                    } catch (EOFException end) {
                        return entries;
                    }
                    long keyHash = in.readLong();
                    long fingerprint = in.readLong();
                    String stream = names.get(in.readInt());
                    int shape = in.readInt();
                    byte[] json = new byte[in.readInt()];
                    in.readFully(json);
                    entries.add(new Entry(new OutboundItem(stream, line, null, shape < 0 ? null : names.get(shape), json),
                            keyHash, fingerprint));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back spilled items", e);
        }
    }

    private void spill() {
        try {
            spillDirectory = Files.createTempDirectory("profile-sync-items");
            spills = new DataOutputStream[VendorState.PARTITIONS];
            for (int i = 0; i < spills.length; i++) {
                spills[i] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(i)), 1 << 15));
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

    private void write(int partition, Entry entry) {
        OutboundItem item = entry.item();
        try {
            DataOutputStream out = spills[partition];
            out.writeLong(item.line());
            out.writeLong(entry.keyHash());
            out.writeLong(entry.fingerprint());
            out.writeInt(nameId(item.stream()));
            out.writeInt(item.shape() == null ? -1 : nameId(item.shape()));
            out.writeInt(item.json().length);
            out.write(item.json());
            spilledBytes += 36 + item.json().length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill items to " + spillDirectory, e);
        }
    }

    /** Streams and shapes are few: each is written once, as a number. */
    private int nameId(String name) {
        return nameIds.computeIfAbsent(name, added -> {
            names.add(added);
            return names.size() - 1;
        });
    }

    private Path file(int partition) {
        return spillDirectory.resolve("partition-" + partition);
    }

    @Override
    public void close() {
        if (spills == null) {
            return;
        }
        for (DataOutputStream spill : spills) {
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
