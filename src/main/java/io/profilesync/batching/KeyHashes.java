package io.profilesync.batching;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The 64-bit key hashes of a batch's items, in item order (0 for an item without a key), as they travel in the
 * batch's SQS message: base64 of big-endian longs, about 11 bytes an item. The poster needs them to tell which of a
 * batch's users a newer run of the sync holds (such a user is stale and is not posted), without reading the body's
 * items by each destination's own rules.
 *
 * @param encoded the hashes as described; empty for a batch queued before batches carried them
 */
@RegisterForReflection
public record KeyHashes(@JsonValue String encoded) {

    public static final KeyHashes NONE = new KeyHashes("");

    public KeyHashes {
        encoded = encoded == null ? "" : encoded;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static KeyHashes fromJson(String encoded) {
        return new KeyHashes(encoded);
    }

    public static KeyHashes of(long[] hashes) {
        ByteBuffer bytes = ByteBuffer.allocate(hashes.length * Long.BYTES);
        bytes.asLongBuffer().put(hashes);
        return new KeyHashes(Base64.getEncoder().encodeToString(bytes.array()));
    }

    public boolean isEmpty() {
        return encoded.isEmpty();
    }

    public long[] toArray() {
        long[] hashes = new long[Base64.getDecoder().decode(encoded).length / Long.BYTES];
        ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).asLongBuffer().get(hashes);
        return hashes;
    }

    /** The hashes of items {@code from} (inclusive) to {@code to} (exclusive); empty stays empty. */
    public KeyHashes slice(int from, int to) {
        return isEmpty() ? NONE : of(Arrays.copyOfRange(toArray(), from, to));
    }
}
