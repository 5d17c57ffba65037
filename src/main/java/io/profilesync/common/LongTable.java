package io.profilesync.common;

/**
 * An open-addressing table of 64-bit keys to 64-bit values, in two primitive arrays: 16 bytes an entry at full
 * load, 32-64 with the free slots it keeps (it grows at half full). Keys are hashes and must not be 0.
 */
public final class LongTable {

    private static final long EMPTY = 0;

    private long[] keys;
    private long[] values;
    private int size;

    public LongTable() {
        this(16);
    }

    public LongTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
    }

    public void put(long key, long value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("0 is not a valid key");
        }
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int slot = slot(keys, key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
    }

    /** The key's value, or {@code absent} when the table does not have the key. */
    public long get(long key, long absent) {
        int slot = slot(keys, key);
        return keys[slot] == EMPTY ? absent : values[slot];
    }

    public int size() {
        return size;
    }

    /** Bytes the table's arrays take on the heap. */
    public long footprintBytes() {
        return 16L * keys.length + 32;
    }

    /** Visits every entry, in no particular order. */
    public void forEach(Entry visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.accept(keys[i], values[i]);
            }
        }
    }

    /** One entry of the table. */
    @FunctionalInterface
    public interface Entry {
        void accept(long key, long value);
    }

    private static int slot(long[] table, long key) {
        int mask = table.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (table[slot] != EMPTY && table[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldValues.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    @Override
    public String toString() {
        return "LongTable[" + size + " of " + keys.length + "]";
    }
}
