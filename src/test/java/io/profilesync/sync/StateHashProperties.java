package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.profilesync.splitting.DestinationState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.NotEmpty;

/**
 * The keyed hashes keep what the state relies on (a key hash non-zero and in its user's partition, a fingerprint never
 * one of the state's markers), depend on the key, and the key directory's sealing opens only under its own key.
 */
class StateHashProperties {

    @Property
    void aKeyedKeyHashIsNonZeroAndStaysInItsPartition(@ForAll("secrets") String secret, @ForAll long keyHash) {
        long unkeyed = keyHash == 0 ? 1 : keyHash;
        long keyed = StateHash.of(secret).key(unkeyed);
        assertNotEquals(0, keyed);
        assertEquals(DestinationState.partition(unkeyed), DestinationState.partition(keyed));
    }

    @Property
    void aKeyedFingerprintIsNeverAMarkerAndADeletionStaysOne(@ForAll("secrets") String secret, @ForAll long keyHash,
            @ForAll long fingerprint) {
        StateHash hash = StateHash.of(secret);
        long keyed = hash.fingerprint(keyHash, fingerprint);
        if (fingerprint == DestinationState.DELETED) {
            assertEquals(DestinationState.DELETED, keyed);
        } else {
            assertTrue(keyed != DestinationState.DELETED && keyed != DestinationState.IN_FLIGHT, Long.toString(keyed));
        }
    }

    @Property
    void anotherKeyGivesOtherHashesAndAnotherId(@ForAll("secrets") String secret, @ForAll("secrets") String other,
            @ForAll long keyHash, @ForAll long fingerprint) {
        if (secret.equals(other)) {
            return;
        }
        StateHash one = StateHash.of(secret);
        StateHash two = StateHash.of(other);
        // 58 and 64 keyed bits: equal by chance once in 2^58
        assertNotEquals(one.key(keyHash | 1), two.key(keyHash | 1));
        assertNotEquals(one.fingerprint(keyHash, fingerprint | 1), two.fingerprint(keyHash, fingerprint | 1));
        assertNotEquals(one.id(), two.id());
        assertEquals(one.id(), StateHash.of(secret).id(), "the id names the key");
        assertEquals(one.userKeyHash("users", "uuid:u1"), StateHash.of(secret).userKeyHash("users", "uuid:u1"));
    }

    @Property
    void aSealedKeyDirectoryOpensUnderItsKeyOnly(@ForAll("secrets") String secret, @ForAll("secrets") String other,
            @ForAll @NotEmpty byte[] plain) {
        StateHash hash = StateHash.of(secret);
        byte[] sealed = hash.seal(plain);
        assertArrayEquals(plain, hash.open(sealed, "p00.keys"));
        assertNotEquals(new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (!secret.equals(other)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> StateHash.of(other).open(sealed, "p00.keys"));
            assertEquals("p00.keys cannot be opened with the state key (another key, or altered)", refused.getMessage());
        }
        sealed[sealed.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> hash.open(sealed, "p00.keys"), "an altered object is refused");
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(StateKeys.MIN_KEY_LENGTH).ofMaxLength(64);
    }
}
