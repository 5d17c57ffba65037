package io.profilesync.common;

/**
 * An open-addressing table of 64-bit keys to 64-bit values, in one primitive array where each value follows its key
 * (a lookup touches one cache line, not one per array): 16 bytes an entry at full load, 32-64 with the free slots it
 * keeps (it grows at half full). Keys are hashes and must not be 0.
 */
public final class LongTable {

    private static final long EMPTY = 0;

    /** Key, value, key, value...: {@code capacity} pairs. */
    private long[] pairs;
    private int size;

    public LongTable() {
        this(16);
    }

    public LongTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
        pairs = new long[2 * capacity];
    }

    public void put(long key, long value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("0 is not a valid key");
        }
        if ((size + 1) * 4L > pairs.length) {
            grow();
        }
        int slot = slot(pairs, key);
        if (pairs[slot] == EMPTY) {
            pairs[slot] = key;
            size++;
        }
        pairs[slot + 1] = value;
    }

    /**
     * Puts the key's value unless the table has the key: one look-up where {@link #get} then {@link #put} take two.
     * Returns the value the table had, or {@code absent} when it put this one.
     */
    public long putIfAbsent(long key, long value, long absent) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("0 is not a valid key");
        }
        if ((size + 1) * 4L > pairs.length) {
            grow();
        }
        int slot = slot(pairs, key);
        if (pairs[slot] != EMPTY) {
            return pairs[slot + 1];
        }
        pairs[slot] = key;
        pairs[slot + 1] = value;
        size++;
        return absent;
    }

    /** The key's value, or {@code absent} when the table does not have the key. */
    public long get(long key, long absent) {
        int slot = slot(pairs, key);
        return pairs[slot] == EMPTY ? absent : pairs[slot + 1];
    }

    public int size() {
        return size;
    }

    /** Bytes the table's array takes on the heap. */
    public long footprintBytes() {
        return 8L * pairs.length + 32;
    }

    /** Visits every entry, in no particular order. */
    public void forEach(Entry visitor) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] != EMPTY) {
                visitor.accept(pairs[i], pairs[i + 1]);
            }
        }
    }

    /** One entry of the table. */
    @FunctionalInterface
    public interface Entry {
        void accept(long key, long value);
    }

    /** The index of the key's slot in {@code table}, or of the free slot where it would go. */
    private static int slot(long[] table, long key) {
        int mask = table.length / 2 - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (table[2 * slot] != EMPTY && table[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return 2 * slot;
    }

    private void grow() {
        long[] old = pairs;
        pairs = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                int slot = slot(pairs, old[i]);
                pairs[slot] = old[i];
                pairs[slot + 1] = old[i + 1];
            }
        }
    }

    @Override
    public String toString() {
        return "LongTable[" + size + " of " + pairs.length / 2 + "]";
    }
}
