package io.profilesync.callbacks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder;

/**
 * Where the runs whose users a replay sends again stand in their syncs' order (docs/sync.md, "The newest value wins"). A
 * replayed user is posted as of the run that first sent it: its batch carries that run's place, so the poster leaves
 * it out when a newer file of the sync holds the user, as it does for a redriven batch of that run.
 */
final class RunPlaces {

    /**
     * A run's place: its sync and its place in the sync's order; {@link #UNORDERED} for a run outside any sync (a
     * replay's own), whose batches are posted in no order.
     */
    record Place(String sync, String order) {

        static final Place UNORDERED = new Place(null, null);

        boolean ordered() {
            return sync != null;
        }
    }

    private final ObjectStore store;
    private final String bucket;
    private final String outputPrefix;
    private final String statePrefix;
    private final Map<String, Optional<Place>> known = new HashMap<>();

    RunPlaces(ObjectStore store, String bucket, String outputPrefix, String statePrefix) {
        this.store = store;
        this.bucket = bucket;
        this.outputPrefix = outputPrefix;
        this.statePrefix = statePrefix;
    }

    /**
     * The place of a run that sent a batch; empty when it has no manifest yet (its split is not over) or its sync no
     * longer remembers it (it is older than {@code profile-sync.sync.run-retention}): whether a newer file holds its
     * users cannot be told.
     */
    Optional<Place> of(String runId) {
        return known.computeIfAbsent(runId, this::find);
    }

    private Optional<Place> find(String runId) {
        Optional<JsonNode> manifest = store.readJson(bucket, new RunKeys(outputPrefix, runId).manifest(), JsonNode.class);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        String sync = manifest.get().path("sync").asText(null);
        if (sync == null) {
            return Optional.of(Place.UNORDERED);
        }
        return new RunOrder(store, bucket, statePrefix).runs(sync).stream().filter(run -> run.runId().equals(runId))
                .findFirst().map(run -> new Place(sync, run.order()));
    }
}
