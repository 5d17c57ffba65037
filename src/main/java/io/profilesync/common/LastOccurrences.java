package io.profilesync.common;

/**
 * Remembers, per name (a user id, an account name), the ordinal of its last record, in 16 bytes per name: an
 * open-addressing table of 64-bit FNV-1a hashes of the name to ordinals. The names themselves are never held,
 * so millions of them fit a small heap; two names colliding on 64 bits is vanishingly unlikely (about 1 in 10^8
 * for ten million names).
 */
public final class LastOccurrences {

    private static final long EMPTY = 0;

    private long[] keys = new long[1 << 12];
    private long[] ordinals = new long[1 << 12];
    private int size;

    public void put(String name, long ordinal) {
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        long key = hash(name);
        int slot = slot(keys, key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            size++;
        }
        ordinals[slot] = ordinal;
    }

    /** The ordinal of the name's last record, or -1 when it has none. */
    public long last(String name) {
        long key = hash(name);
        int slot = slot(keys, key);
        return keys[slot] == EMPTY ? -1 : ordinals[slot];
    }

    public int size() {
        return size;
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
        long[] oldOrdinals = ordinals;
        keys = new long[oldKeys.length * 2];
        ordinals = new long[oldOrdinals.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                ordinals[slot] = oldOrdinals[i];
            }
        }
    }

    /** FNV-1a over the id's characters; 0 is reserved for empty slots. */
    static long hash(String name) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            hash ^= name.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash == EMPTY ? 1 : hash;
    }
}
