package io.profilesync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.Batch;
import io.profilesync.common.FormerNames;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.storage.ObjectStore;

/**
 * Notices when a run is over, and says so once. Each batch (or part of a split batch) whose outcome is final
 * leaves a marker, {@code runs/<id>/done/<destination>/<stream>-NNNNNN[.part]}; a run is over when its manifest is
 * written and every batch it queued is done, or was split into parts that are all done (a batch pending at a
 * destination task or held by a configuration error is not done). Listing the markers is cheap (keys only); only
 * the delivery that completes the run reads every outcome, to write the report, then publishes {@code Run Completed}
 * (or {@code Run Failed}: the split failed, or some users failed) on EventBridge and records that in
 * {@code runs/<id>/completion.json}. The event is published at least once, as EventBridge delivers: two deliveries
 * ending a run at the same moment may both publish it (subscribers can tell by its {@code run_id}); if publishing
 * fails, the next delivery of the message, or the report function, completes the run again. A held or superseded
 * run is not over ({@link RunHolds}); a released one completes as a succeeded one.
 */
@ApplicationScoped
public class RunCompletion {

    private static final Logger LOG = Logger.getLogger(RunCompletion.class);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;
    private final RunReport report;
    private final RunEvents events;

    public RunCompletion(ObjectStore store, ObjectMapper json, ProfileSyncConfig config, RunReport report, RunEvents events) {
        this.store = store;
        this.json = json;
        this.config = config;
        this.report = report;
        this.events = events;
    }

    /** A batch (or a part of one) has its final outcome: marks it done, and completes the run if it was the last. */
    public void batchDone(String bucket, String runId, String destination, String stream, int batch, String part,
            boolean replaced) {
        RunKeys keys = new RunKeys(config.outputPrefix(), runId);
        store.put(bucket, keys.done(destination, stream, batch, part), new byte[0], ObjectStore.OCTET_STREAM);
        if (!completeIfOver(bucket, runId) && replaced) {
            reportAgain(bucket, keys);
        }
    }

    /**
     * An outcome replaced after the run completed (a redriven batch): the report is written again, and when that
     * changes what the run's event says (a redrive healed a failed run) the new event is published.
     */
    private void reportAgain(String bucket, RunKeys keys) {
        Optional<JsonNode> completion = store.read(bucket, keys.completion()).map(this::parse);
        if (completion.isEmpty()) {
            return;
        }
        ObjectNode written = report.report(bucket, keys.runId());
        String type = isFailure(written) ? RunEvents.FAILED : RunEvents.COMPLETED;
        if (!type.equals(completion.get().path("event").asText())) {
            events.publish(type, detail(written, keys));
            store.putJson(bucket, keys.completion(), Map.of("event", type, "completed_at", Instant.now().toString()));
            LOG.infof("run %s reported again after a redrive: %s published", keys.runId(), type);
        }
    }

    /** Completes the run if it is over and nobody completed it yet; answers whether this call completed it. */
    public boolean completeIfOver(String bucket, String runId) {
        RunKeys keys = new RunKeys(config.outputPrefix(), runId);
        Optional<JsonNode> manifest = store.read(bucket, keys.manifest()).map(this::parse);
        if (manifest.isEmpty() || store.exists(bucket, keys.completion()) || !isOver(manifest.get(), doneMarkers(bucket, keys))) {
            return false;
        }
        ObjectNode written = report.report(bucket, runId);
        String type = isFailure(written) ? RunEvents.FAILED : RunEvents.COMPLETED;
        events.publish(type, detail(written, keys));
        store.putJsonIfAbsent(bucket, keys.completion(), Map.of("event", type, "completed_at", Instant.now().toString()));
        LOG.infof("run %s is over: %s published", runId, type);
        return true;
    }

    private Set<String> doneMarkers(String bucket, RunKeys keys) {
        Set<String> names = new HashSet<>();
        String prefix = keys.donePrefix();
        store.list(bucket, prefix).forEach(key -> names.add(key.substring(prefix.length())));
        return names;
    }

    /** Every batch of every destination and stream the manifest lists is done, itself or through its parts. */
    static boolean isOver(JsonNode manifest, Set<String> done) {
        String status = manifest.path("status").asText();
        if (RunManifest.HELD.equals(status) || RunManifest.SUPERSEDED.equals(status)) {
            return false;
        }
        if (manifest.path("dry_run").asBoolean()) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> destinations = FormerNames.field(manifest, "destinations").fields(); destinations.hasNext();) {
            Map.Entry<String, JsonNode> destination = destinations.next();
            for (Iterator<Map.Entry<String, JsonNode>> streams = destination.getValue().path("streams").fields(); streams.hasNext();) {
                Map.Entry<String, JsonNode> stream = streams.next();
                for (int[] range : batchRanges(stream.getValue())) {
                    for (int batch = range[0]; batch <= range[1]; batch++) {
                        if (!isDone(done, Batch.name(destination.getKey(), stream.getKey(), batch), 0)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** A stream's batch numbers: listed (a chunked run's reduce groups number in ranges), or 1 to {@code batches}. */
    private static List<int[]> batchRanges(JsonNode stream) {
        List<int[]> ranges = new ArrayList<>();
        stream.path("numbers").forEach(range -> ranges.add(new int[] {range.path("first").asInt(), range.path("last").asInt()}));
        return ranges.isEmpty() ? List.<int[]>of(new int[] {1, stream.path("batches").asInt()}) : ranges;
    }

    /** A batch is done, or both its halves are (a split batch, recursively); a split goes at most 32 levels deep. */
    private static boolean isDone(Set<String> done, String name, int depth) {
        return done.contains(name) || depth < 32 && done.stream().anyMatch(marker -> marker.startsWith(name + "."))
                && isDone(done, name + ".1", depth + 1) && isDone(done, name + ".2", depth + 1);
    }

    private static boolean isFailure(JsonNode report) {
        String status = report.path("status").asText();
        if (!RunManifest.SUCCEEDED.equals(status) && !RunManifest.RELEASED.equals(status)) {
            return true;
        }
        for (JsonNode destination : FormerNames.field(report, "destinations")) {
            if (destination.path("failed").asLong() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The event's detail: the run, its counts per destination and where its reports are. */
    ObjectNode detail(ObjectNode report, RunKeys keys) {
        ObjectNode detail = json.createObjectNode();
        detail.put("run_id", report.path("run_id").asText());
        detail.put("source", "s3://" + report.at("/source/bucket").asText() + "/" + report.at("/source/key").asText());
        detail.put("status", report.path("status").asText());
        detail.put("sync", report.path("sync").asText(null));
        detail.put("dry_run", report.path("dry_run").asBoolean());
        detail.put("complete", report.path("complete").asBoolean());
        if (!report.path("errors").isEmpty()) {
            // why a run failed as a whole (a file error, a split that failed for good), for whoever reads the event
            detail.set("errors", report.path("errors"));
        }
        ObjectNode destinations = detail.putObject("destinations");
        for (Iterator<Map.Entry<String, JsonNode>> it = FormerNames.field(report, "destinations").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> destination = it.next();
            ObjectNode counts = destinations.putObject(destination.getKey());
            for (String count : new String[] {"rows", "accepted", "rejected", "superseded", "new", "changed", "unchanged",
                "resent", "removed", "skipped", "delivered", "failed", "unconfirmed", "stale", "splits", "deleted",
                "delete_failed", "delete_stale"}) {
                counts.put(count, destination.getValue().path(count).asLong());
            }
        }
        ObjectNode reports = detail.putObject("reports");
        reports.put("report", keys.report());
        report.fields().forEachRemaining(field -> {
            if (field.getKey().equals("rejected_rows") || field.getKey().equals("failed_rows")
                    || field.getKey().equals("superseded_rows") || field.getKey().equals("removed_users")
                    || field.getKey().equals("report_html")) {
                reports.put(field.getKey(), field.getValue().asText());
            }
        });
        return detail;
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
