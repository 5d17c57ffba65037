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

import io.profilesync.run.BatchOutcome;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;

/**
 * What a vendor answered for one earlier run: the source lines of the users it took (delivered, or the
 * delivered part of a partial batch), and whether it has answered for every item the run sent. Failed,
 * unconfirmed and held users are not taken, nor stale ones (left out because a newer run holds them): the state keeps what the vendor had before, so they are sent again.
 *
 * @param complete every item the run sent has a final outcome
 * @param taken per stream, the lines of the items the vendor took
 */
record RunAnswers(boolean complete, Map<String, BitSet> taken) {

    static RunAnswers read(ObjectStore store, ObjectMapper json, String bucket, RunKeys keys, String vendor) {
        long expected = store.read(bucket, keys.manifest()).map(bytes -> sentItems(json, bytes, vendor)).orElse(-1L);
        Map<String, BitSet> taken = new HashMap<>();
        long answered = 0;
        boolean open = false;
        for (String key : store.list(bucket, keys.outcomesPrefix() + vendor + "/")) {
            BatchOutcome outcome = store.read(bucket, key).map(bytes -> outcome(json, bytes)).orElse(null);
            if (outcome == null) {
                continue;
            }
            if (outcome.isSplit()) {
                answered += outcome.stale(); // its other users are answered for by its parts
                continue;
            }
            if (outcome.isPending() || BatchOutcome.HELD.equals(outcome.status())) {
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
        return new RunAnswers(!open && answered == expected, taken);
    }

    /** Items of every stream the run's manifest says it sent the vendor; -1 when the manifest has no such vendor. */
    private static long sentItems(ObjectMapper json, byte[] manifest, String vendor) {
        try {
            JsonNode streams = json.readTree(manifest).path("vendors").path(vendor).path("streams");
            if (streams.isMissingNode()) {
                return -1;
            }
            long items = 0;
            for (JsonNode stream : streams) {
                items += stream.path("items").asLong();
            }
            return items;
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
