package io.profilesync.sync;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.profilesync.splitting.StateHashes;
import io.profilesync.splitting.DestinationState;

/**
 * A deployment's keyed hashes of what the state keeps (docs/personal-data.md, "What the state keeps"): with the
 * secret state key, a user key's hash is HMAC-SHA256 of its unkeyed 64-bit hash, truncated to the 58 bits below the
 * partition bits (kept, so a user stays in its partition and a state written before can be rewritten without knowing
 * its users' keys); a fingerprint is HMAC-SHA256 of the key hash and the unkeyed fingerprint, truncated to 64 bits.
 * The key directory is sealed with AES-256-GCM under a key derived from the same secret. Without the secret, state
 * objects neither name a user nor let anyone confirm a guessed key or value.
 */
public final class StateHash implements StateHashes {

    private static final String HMAC = "HmacSHA256";
    private static final byte KEY = 'k';
    private static final byte FINGERPRINT = 'f';
    private static final byte SEALED = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec hmacKey;
    private final SecretKeySpec sealKey;
    private final String id;
    private final ThreadLocal<Hmac> macs;

    /** One thread's MAC and its input and output buffers: two HMACs an item on the split's hot path allocate nothing. */
    private static final class Hmac {
        final Mac mac;
        final ByteBuffer input = ByteBuffer.allocate(2 * Long.BYTES);
        final ByteBuffer output = ByteBuffer.allocate(32);

        Hmac(Mac mac) {
            this.mac = mac;
        }
    }

    private StateHash(byte[] secret) {
        this.hmacKey = new SecretKeySpec(secret, HMAC);
        this.macs = ThreadLocal.withInitial(() -> new Hmac(mac(hmacKey)));
        Mac mac = macs.get().mac;
        this.sealKey = new SecretKeySpec(mac.doFinal("profile-sync key directory".getBytes(StandardCharsets.UTF_8)), "AES");
        this.id = "hmac-sha256:" + HexFormat.of().formatHex(Arrays.copyOf(
                mac.doFinal("profile-sync state key id".getBytes(StandardCharsets.UTF_8)), 4));
    }

    /** The hashes under a secret (its UTF-8 bytes are the key). */
    public static StateHash of(String secret) {
        return new StateHash(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the state's manifest records as its hashing: the algorithm and a 32-bit identifier of the key (a PRF
     * output: it tells keys apart and reveals nothing of them). A state written before keyed hashing records none.
     */
    public String id() {
        return id;
    }

    @Override
    public long key(long keyHash) {
        long keyed = (keyHash & PARTITION_BITS) | (hmac(KEY, keyHash, 0, Long.BYTES) & ~PARTITION_BITS);
        return keyed == 0 ? 1 : keyed;
    }

    @Override
    public long fingerprint(long keyHash, long fingerprint) {
        if (fingerprint == DestinationState.DELETED) {
            return fingerprint;
        }
        long keyed = hmac(FINGERPRINT, keyHash, fingerprint, 2 * Long.BYTES);
        return keyed == DestinationState.DELETED || keyed == DestinationState.IN_FLIGHT ? 1 : keyed;
    }

    private long hmac(byte domain, long first, long second, int length) {
        Hmac hmac = macs.get();
        hmac.mac.update(domain);
        hmac.mac.update(hmac.input.putLong(0, first).putLong(Long.BYTES, second).array(), 0, length);
        try {
            hmac.mac.doFinal(hmac.output.array(), 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HmacSHA256 gives 32 bytes", e);
        }
        return hmac.output.getLong(0);
    }

    /** A key directory object sealed: a version byte, a random 96-bit nonce, then the AES-GCM ciphertext and tag. */
    byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(SEALED).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a key directory object with AES-GCM", e);
        }
    }

    /** The plain bytes of a {@link #seal sealed} object; fails on an object sealed under another key or altered. */
    byte[] open(byte[] sealed, String name) {
        if (sealed.length < 1 + NONCE_BYTES || sealed[0] != SEALED) {
            throw new IllegalStateException(name + " is not a sealed key directory object");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " cannot be opened with the state key (another key, or altered)");
        }
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
