package io.profilesync.common;

/**
 * 64-bit FNV-1a hashes, for identities (user keys) and fingerprints (payloads). Zero is never returned: the
 * tables that hold these hashes ({@link LongTable}) use it for an empty slot. Two different users colliding
 * on 64 bits is about one chance in 10^4 for 100 million users per destination: such a pair would be treated as one
 * user (docs/sync.md, "Change detection").
 */
public final class Hashes {

    public static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Hashes() {
    }

    public static long of(CharSequence text) {
        return nonZero(add(SEED, text));
    }

    /** Continues a hash over more characters (each as one 16-bit unit). */
    public static long add(long hash, CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= PRIME;
        }
        return hash;
    }

    /** Continues a hash over one more character. */
    public static long add(long hash, char c) {
        return (hash ^ c) * PRIME;
    }

    /** Continues a hash over bytes. */
    public static long add(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = add(hash, b);
        }
        return hash;
    }

    /** Continues a hash over one more byte. */
    public static long add(long hash, byte b) {
        return (hash ^ (b & 0xff)) * PRIME;
    }

    public static long nonZero(long hash) {
        return hash == 0 ? 1 : hash;
    }
}
