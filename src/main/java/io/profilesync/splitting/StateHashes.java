package io.profilesync.splitting;

import io.profilesync.common.Hashes;

/**
 * How a sync's state keeps the hashes it compares: a run hashes user keys and payloads with fast unkeyed 64-bit
 * hashes while it reads the file ({@link #unkeyed}, {@code OutboundItem#fingerprint}); what is compared with the
 * state, recorded and queued is their keyed form (implemented by {@code sync.StateHash}: docs/personal-data.md).
 */
public interface StateHashes {

    /** The partition bits of a key hash ({@link DestinationState#partition}): the keyed form keeps them. */
    long PARTITION_BITS = 0xFC00_0000_0000_0000L;

    /** No key: the hashes as they are (a run without a state, tests of the core). */
    StateHashes UNKEYED = new StateHashes() {
        @Override
        public long key(long keyHash) {
            return keyHash;
        }

        @Override
        public long fingerprint(long keyHash, long fingerprint) {
            return fingerprint;
        }
    };

    /** The keyed form of a non-zero unkeyed key hash: non-zero, in the same partition. */
    long key(long keyHash);

    /**
     * The keyed form of the fingerprint of the item keyed {@code keyHash} (unkeyed): never 0,
     * {@link DestinationState#IN_FLIGHT} or {@link DestinationState#DELETED}, which is kept as it is.
     */
    long fingerprint(long keyHash, long fingerprint);

    /**
     * The key hash the state keeps for a key of one stream: the one function the splitter, the state, the per-user
     * index (docs/tracing-one-user.md) and the outcome table hash user keys with.
     */
    default long userKeyHash(String stream, String key) {
        return key(unkeyed(stream, key));
    }

    /** The unkeyed hash of a key of one stream (a user and an account may share a name), never 0. */
    static long unkeyed(String stream, String key) {
        return Hashes.nonZero(Hashes.add(Hashes.add(Hashes.add(Hashes.SEED, stream), '\0'), key));
    }
}
