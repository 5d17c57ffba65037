package io.profilesync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.FormerNames;
import io.profilesync.run.BatchOutcome;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.storage.ObjectStore;

/**
 * What a destination answered for one earlier run: the source lines of the users it took (delivered, or the
 * delivered part of a partial batch), and whether it has answered for every item the run sent. Failed,
 * unconfirmed and held users are not taken, nor stale ones (left out because a newer run holds them): the state keeps what the destination had before, so they are sent again.
 *
 * @param complete every item the run sent has a final outcome
 * @param taken per stream, the lines of the items the destination took
 * @param status the run's status ({@code held}, {@code released}, {@code superseded}: see {@code run.RunHolds})
 * @param releasedAt when a held run was released (ISO-8601), or null
 */
record RunAnswers(boolean complete, Map<String, BitSet> taken, String status, String releasedAt) {

    static RunAnswers read(ObjectStore store, ObjectMapper json, String bucket, RunKeys keys, String destination) {
        JsonNode manifest = store.read(bucket, keys.manifest()).map(bytes -> tree(json, bytes)).orElse(null);
        long expected = manifest == null ? -1 : sentItems(manifest, destination);
        Map<String, BitSet> taken = new HashMap<>();
        long answered = 0;
        boolean open = false;
        for (String key : store.list(bucket, keys.outcomesPrefix() + destination + "/")) {
            BatchOutcome outcome = store.read(bucket, key).map(bytes -> outcome(json, bytes)).orElse(null);
            if (outcome == null) {
                continue;
            }
            if (outcome.isSplit()) {
                answered += outcome.stale(); // its other users are answered for by its parts
                continue;
            }
            if (outcome.isWaiting() || BatchOutcome.HELD.equals(outcome.status())) {
                open = true;
                continue;
            }
            answered += outcome.items();
            if ((BatchOutcome.DELIVERED.equals(outcome.status()) || BatchOutcome.PARTIAL.equals(outcome.status()))
                    && outcome.lineRanges() != null) {
                Set<Long> failed = new HashSet<>();
                outcome.failures().forEach(user -> failed.add(user.line()));
                BitSet lines = taken.computeIfAbsent(outcome.stream(), stream -> new BitSet());
                outcome.lineRanges().forEachLine(line -> {
                    if (!failed.contains(line)) {
                        lines.set(Math.toIntExact(line));
                    }
                });
            }
        }
        return new RunAnswers(!open && answered == expected, taken,
                manifest == null ? null : manifest.path("status").asText(null),
                manifest == null ? null : manifest.at("/hold/released_at").asText(null));
    }

    /** Held: its batches are not queued until it is released, however long that takes. */
    boolean held() {
        return RunManifest.HELD.equals(status);
    }

    /** Superseded while held: its batches are never queued, so it never folds. */
    boolean superseded() {
        return RunManifest.SUPERSEDED.equals(status);
    }

    /** Items of every stream the run's manifest says it sent the destination; -1 when the manifest has no such destination. */
    private static long sentItems(JsonNode manifest, String destination) {
        JsonNode streams = FormerNames.field(manifest, "destinations").path(destination).path("streams");
        if (streams.isMissingNode()) {
            return -1;
        }
        long items = 0;
        for (JsonNode stream : streams) {
            items += stream.path("items").asLong();
        }
        return items;
    }

    private static JsonNode tree(ObjectMapper json, byte[] manifest) {
        try {
            return json.readTree(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable manifest " + manifest.length + " bytes", e);
        }
    }

    private static BatchOutcome outcome(ObjectMapper json, byte[] bytes) {
        try {
            return json.readValue(bytes, BatchOutcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable outcome", e);
        }
    }
}
