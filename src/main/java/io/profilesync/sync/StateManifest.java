package io.profilesync.sync;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One destination's change detection state for one sync, stored as {@code state/<sync>/<destination>/state.json}.
 *
 * @param partitions partition number to the object holding its users' key hashes and fingerprints
 * @param users users per partition
 * @param unfolded runs that sent users whose outcomes are not yet in the partitions, oldest first
 * @param updatedAt ISO-8601 instant
 * @param hashing how its key hashes and fingerprints are keyed ({@link StateHash#id}); null in a state written before
 *        they were (unkeyed: rewritten keyed by the next run that opens it)
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StateManifest(Map<Integer, String> partitions, Map<Integer, Integer> users, List<UnfoldedRun> unfolded,
        String updatedAt, String hashing) {

    public static final StateManifest EMPTY = new StateManifest(Map.of(), Map.of(), List.of(), null, null);

    public StateManifest {
        partitions = partitions == null ? Map.of() : partitions;
        users = users == null ? Map.of() : users;
        unfolded = unfolded == null ? List.of() : unfolded;
    }

    /**
     * A run whose sent users wait to be folded into the state, once the destination has answered for them.
     *
     * @param runId the run
     * @param splitAt when it was split (ISO-8601)
     * @param hashing how its sent items are keyed ({@link StateManifest#hashing}); null for a run recorded before
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UnfoldedRun(String runId, String splitAt, String hashing) {
    }
}
