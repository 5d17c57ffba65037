package io.profilesync.common;

/**
 * Remembers, per name (a user id, an account name), the ordinal of its last record: a {@link LongTable} of the
 * names' 64-bit hashes to ordinals. The names themselves are never held, so millions of them fit a small heap;
 * two names colliding on 64 bits is vanishingly unlikely (about 1 in 10^8 for ten million names).
 */
public final class LastOccurrences {

    private final LongTable ordinals = new LongTable(1 << 11);

    public void put(String name, long ordinal) {
        ordinals.put(Hashes.of(name), ordinal);
    }

    /** The ordinal of the name's last record, or -1 when it has none. */
    public long last(String name) {
        return ordinals.get(Hashes.of(name), -1);
    }

    public int size() {
        return ordinals.size();
    }
}
