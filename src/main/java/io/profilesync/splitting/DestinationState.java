package io.profilesync.splitting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.common.LongTable;

/**
 * What one destination holds from a sync's earlier runs, for change detection, and where a run records what it sends.
 * Users are spread over {@link #PARTITIONS} partitions by their key's hash, so that one partition at a time is
 * in memory however many users a sync has.
 */
public interface DestinationState {

    int PARTITIONS = 64;

    /**
     * What {@link #delivered} answers for a user whose value from another run may have reached the destination without the
     * state knowing yet: equal to no payload's fingerprint (but by a 2^-64 chance), so the user is sent as changed.
     */
    long IN_FLIGHT = Long.MIN_VALUE;

    /**
     * The fingerprint a run records for a user it deletes ({@code on_removed: delete}): no payload has it (fingerprints
     * are never 0), and once the destination took the deletion the user leaves the state, so a later file sends it as new.
     */
    long DELETED = 0;

    /** No earlier runs and nothing recorded: every user is new (benchmarks, tests of the core). */
    DestinationState NONE = new DestinationState() {
        @Override
        public LongTable delivered(int partition) {
            return new LongTable();
        }

        @Override
        public void sending(String stream, int partition, SentItems sent) {
        }
    };

    /** The partition of a user key's hash: its top bits (the tables use the low ones). */
    static int partition(long keyHash) {
        return (int) (keyHash >>> 58);
    }

    /**
     * Key hash to the fingerprint of the payload the destination took last, for one partition's users; {@link #IN_FLIGHT}
     * for a user another run has queued a different value for, whose answer the state does not hold yet.
     */
    LongTable delivered(int partition);

    /** What this run sends of one stream from one partition, to become the state once the destination has taken it. */
    void sending(String stream, int partition, SentItems sent);

    /**
     * The key hashes of every user of one stream and partition this run holds a value for (sent or unchanged): an
     * older run's batch must not post these users after this run (docs/sync.md, "The newest value wins").
     */
    default void holding(String stream, int partition, long[] keyHashes) {
    }

    /**
     * The key of each user of one partition the destination took from this sync, by key hash, for a snapshot sync to name
     * the users its file no longer holds; a mutable map, empty where nothing was recorded.
     */
    default Map<Long, String> named(int partition) {
        return new HashMap<>();
    }

    /** How this state keeps key hashes and fingerprints: what {@link #delivered} and {@link #named} are keyed by. */
    default StateHashes hashes() {
        return StateHashes.UNKEYED;
    }

    /** The keys of the users this run sends from one partition (the users stream of {@link #sending}), by key hash. */
    default void naming(int partition, long[] keyHashes, String[] userKeys) {
    }

    /**
     * What this run decided for the users of one partition, sent ones with their batch: the partition's part of the
     * per-user index a user's story reads (docs/tracing-one-user.md).
     */
    default void decided(int partition, List<UserDecision> decisions) {
    }

    /**
     * Items one partition sends, in parallel arrays.
     *
     * @param lines their source lines (which the destinations' outcomes name)
     * @param keys their key hashes
     * @param fingerprints their payloads' fingerprints
     */
    record SentItems(long[] lines, long[] keys, long[] fingerprints) {

        public int size() {
            return lines.length;
        }
    }
}
