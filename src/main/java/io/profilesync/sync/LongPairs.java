package io.profilesync.sync;

import java.nio.ByteBuffer;

import io.profilesync.common.LongTable;
import io.profilesync.splitting.DestinationState;
import io.profilesync.splitting.DestinationState.SentItems;

/**
 * The state's binary objects: a partition is its (key hash, fingerprint) pairs; a run's sent items of a
 * partition are (line, key hash, fingerprint) triples; the users a run holds are sorted key hashes. Big-endian longs,
 * nothing else: 16, 24 and 8 bytes a user.
 */
final class LongPairs {

    private LongPairs() {
    }

    /** A partition's users; users whose deletion the destination took ({@link DestinationState#DELETED}) are left out. */
    static byte[] partition(LongTable table) {
        ByteBuffer out = ByteBuffer.allocate(stored(table) * 16);
        table.forEach((key, fingerprint) -> {
            if (fingerprint != DestinationState.DELETED) {
                out.putLong(key).putLong(fingerprint);
            }
        });
        return out.array();
    }

    /** How many users of the table {@link #partition(LongTable)} stores. */
    static int stored(LongTable table) {
        int[] users = {0};
        table.forEach((key, fingerprint) -> users[0] += fingerprint == DestinationState.DELETED ? 0 : 1);
        return users[0];
    }

    static LongTable partition(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        LongTable table = new LongTable(bytes.length / 16);
        while (in.remaining() >= 16) {
            table.put(in.getLong(), in.getLong());
        }
        return table;
    }

    static byte[] keys(long[] keys) {
        ByteBuffer out = ByteBuffer.allocate(keys.length * Long.BYTES);
        out.asLongBuffer().put(keys);
        return out.array();
    }

    static long[] keys(byte[] bytes) {
        long[] keys = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().get(keys);
        return keys;
    }

    static byte[] sent(SentItems sent) {
        ByteBuffer out = ByteBuffer.allocate(sent.size() * 24);
        for (int i = 0; i < sent.size(); i++) {
            out.putLong(sent.lines()[i]).putLong(sent.keys()[i]).putLong(sent.fingerprints()[i]);
        }
        return out.array();
    }

    static SentItems sent(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int size = bytes.length / 24;
        long[] lines = new long[size];
        long[] keys = new long[size];
        long[] fingerprints = new long[size];
        for (int i = 0; i < size; i++) {
            lines[i] = in.getLong();
            keys[i] = in.getLong();
            fingerprints[i] = in.getLong();
        }
        return new SentItems(lines, keys, fingerprints);
    }
}
