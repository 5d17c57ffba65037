package io.profilesync.callbacks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder;

/**
 * Where the runs whose users a replay sends again stand in their syncs' order (docs/sync.md, "The newest value wins"). A
 * replayed user is posted as of the run that first sent it: its batch carries that run's place, so the poster leaves
 * it out when a newer file of the sync holds the user, as it does for a redriven batch of that run. A replay run records
 * its batches' places ({@code runs/<replay>/places.json}), so that a replay of its own callbacks keeps them.
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

    /** What is known of a run: its place, or (a replay's) each batch's. */
    private record Known(Optional<Place> place, Map<Integer, Optional<Place>> batches) {

        Optional<Place> of(int batch) {
            return batches.getOrDefault(batch, place);
        }
    }

    private final ObjectStore store;
    private final String bucket;
    private final String outputPrefix;
    private final String statePrefix;
    private final Map<String, Known> known = new HashMap<>();
    private final Map<String, List<RunOrder.Registration>> orders = new HashMap<>();

    RunPlaces(ObjectStore store, String bucket, String outputPrefix, String statePrefix) {
        this.store = store;
        this.bucket = bucket;
        this.outputPrefix = outputPrefix;
        this.statePrefix = statePrefix;
    }

    /**
     * The place of a run's batch; empty when the run has no manifest yet (its split is not over) or its sync no longer
     * remembers it (it is older than {@code profile-sync.sync.run-retention}): whether a newer file holds its users
     * cannot be told. A replay's batch has the place of the run whose users it sent again ({@link #record}).
     */
    Optional<Place> of(String runId, int batch) {
        return known.computeIfAbsent(runId, this::find).of(batch);
    }

    /** Records a replay run's batches' places, for a replay of its own callbacks. */
    void record(RunKeys replay, Map<Integer, Place> batches) {
        Map<String, Place> ordered = new TreeMap<>();
        batches.forEach((batch, place) -> {
            if (place.ordered()) {
                ordered.put(Integer.toString(batch), place);
            }
        });
        if (!ordered.isEmpty()) {
            store.putJson(bucket, replay.places(), ordered);
        }
    }

    private Known find(String runId) {
        RunKeys run = new RunKeys(outputPrefix, runId);
        Optional<JsonNode> manifest = store.readJson(bucket, run.manifest(), JsonNode.class);
        if (manifest.isEmpty()) {
            return new Known(Optional.empty(), Map.of());
        }
        String sync = manifest.get().path("sync").asText(null);
        if (sync == null) {
            // a replay's batches: each at the place it recorded, while its sync still remembers that run (a replay made
            // before replays recorded places has none: its batches go out in no order, as they did)
            Map<Integer, Optional<Place>> batches = new HashMap<>();
            store.readJson(bucket, run.places(), JsonNode.class).ifPresent(places -> places.fields().forEachRemaining(batch -> {
                String itsSync = batch.getValue().path("sync").asText();
                String order = batch.getValue().path("order").asText();
                batches.put(Integer.valueOf(batch.getKey()), order(itsSync).stream()
                        .filter(registered -> registered.order().equals(order)).findFirst().map(registered -> new Place(itsSync, order)));
            }));
            return new Known(Optional.of(Place.UNORDERED), batches);
        }
        return new Known(order(sync).stream().filter(order -> order.runId().equals(runId))
                .findFirst().map(order -> new Place(sync, order.order())), Map.of());
    }

    private List<RunOrder.Registration> order(String sync) {
        return orders.computeIfAbsent(sync, any -> new RunOrder(store, bucket, statePrefix).runs(sync));
    }
}
