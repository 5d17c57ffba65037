package io.profilesync.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The key directory's binary objects: (key hash, user key) pairs, as a big-endian long and a {@code writeUTF} string.
 * A run writes the users it sends of a partition, in the order of its sent items; the state keeps, beside each
 * partition's fingerprints, the key of every user the destination took, so that a snapshot sync can name the users its
 * file no longer holds. Stored sealed ({@link StateHash#seal}); objects written before keyed hashing are plain.
 */
final class KeyNames {

    private KeyNames() {
    }

    static byte[] encode(long[] hashes, String[] keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < hashes.length; i++) {
                out.writeLong(hashes[i]);
                out.writeUTF(keys[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encode(Map<Long, String> names) {
        long[] hashes = new long[names.size()];
        String[] keys = new String[names.size()];
        int i = 0;
        for (Map.Entry<Long, String> name : names.entrySet()) {
            hashes[i] = name.getKey();
            keys[i++] = name.getValue();
        }
        return encode(hashes, keys);
    }

    /** Adds the pairs of an object to {@code names}, later pairs of a key hash replacing earlier ones. */
    static Map<Long, String> decode(byte[] bytes, Map<Long, String> names) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            while (in.available() > 0) {
                names.put(in.readLong(), in.readUTF());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static Map<Long, String> decode(byte[] bytes) {
        return decode(bytes, new HashMap<>());
    }
}
