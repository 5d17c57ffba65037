package io.profilesync.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.FormerNames;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.run.BatchOutcome;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunReport;
import io.profilesync.storage.MultipartUpload;
import io.profilesync.storage.ObjectStore;

/**
 * The run report: the splitter's manifest with, per destination, what the poster made of its batches, and the
 * run's failed-rows report. Written as {@code runs/<run_id>/report.json} and
 * {@code runs/<run_id>/failed-rows.jsonl}; {@code complete} is true once every accepted user is delivered,
 * failed or unconfirmed (or unchanged: not sent, as the destination holds it already), and no batch is pending (a destination
 * task), submitted (a file the destination has not processed yet: its users count as unconfirmed meanwhile) or held (a
 * configuration error, awaiting a redrive); a dry run is complete at once. Insider error callbacks
 * matched to the run are counted too.
 * A batch split after its destination refused it as a whole counts as one of the destination's {@code splits} and none of
 * its users: its parts' outcomes count them, so the run is complete only once every part has one.
 *
 * <p>The same report for people is written as {@code runs/<run_id>/report.html} ({@link HtmlReport}): the funnel per
 * destination, the rejections grouped by rule (read as a stream from the rejected-rows report, keeping only counts and a
 * few examples, whatever its size), the failures grouped by reason, and the destination call latencies.
 */
@ApplicationScoped
public class RunReporter implements RunReport {

    private static final Logger LOG = Logger.getLogger(RunReporter.class);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public RunReporter(ObjectStore store, ObjectMapper json, ProfileSyncConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    @Override
    public ObjectNode report(String bucket, String runId) {
        RunKeys keys = new RunKeys(config.outputPrefix(), runId);
        ObjectNode report = (ObjectNode) read(bucket, keys.manifest());
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Groups<FailureKey> failures = new Groups<>(new FailureKey(HtmlReport.OTHER_REASONS.destination(),
                HtmlReport.OTHER_REASONS.reason()));
        Map<String, List<Long>> callMicros = new LinkedHashMap<>();
        Instant lastOutcome = null;
        List<HtmlReport.RejectionGroup> rejections;
        // streamed to S3 in parts as the outcomes are read: a run of millions of failed users holds one part in memory
        OutcomeTable table = OutcomeTable.open(store, json, bucket, report);
        MultipartUpload failedRows = store.multipart(bucket, keys.failedRows(), ObjectStore.JSON_LINES);
        try (table) {
            for (String key : store.list(bucket, keys.outcomesPrefix())) {
                BatchOutcome outcome = json.convertValue(read(bucket, key), BatchOutcome.class);
                table.outcome(outcome);
                tallies.computeIfAbsent(outcome.destination(), destination -> new Tally()).add(outcome);
                for (BatchOutcome.FailedUser user : outcome.failures()) {
                    writeLine(failedRows, Map.of("line", user.line(), "destination", outcome.destination(), "stream", outcome.stream(),
                            "batch", outcome.batch(), "reason", user.reason()));
                    failures.add(new FailureKey(outcome.destination(), user.reason()), user.line(),
                            outcome.stream() + " batch " + outcome.batch() + (outcome.part() == null ? "" : " part " + outcome.part()));
                }
                if (outcome.callMicros() > 0) {
                    callMicros.computeIfAbsent(outcome.destination(), destination -> new ArrayList<>()).add(outcome.callMicros());
                }
                lastOutcome = later(lastOutcome, outcome.recordedAt());
            }
            rejections = rejections(bucket, report.path("rejected_rows").asText(null), table);
            if (table.isOpen() && counted(report, "superseded")) {
                forEachJsonLine(bucket, keys.supersededRows(), row -> table.superseded(FormerNames.field(row, "destination").asText(),
                        row.path("line").asLong(), row.path("superseded_by").asLong()));
            }
            table.commit();
            failedRows.commit();
        } catch (RuntimeException e) {
            try {
                failedRows.abort();
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
        boolean complete = true;
        boolean dryRun = report.path("dry_run").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = FormerNames.field(report, "destinations").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> destination = it.next();
            ObjectNode counts = (ObjectNode) destination.getValue();
            Tally tally = tallies.getOrDefault(destination.getKey(), new Tally());
            long accepted = counts.path("accepted").asLong();
            long unchanged = counts.path("unchanged").asLong();
            long skipped = counts.path("skipped").asLong();
            counts.put("delivered", tally.delivered).put("failed", tally.failed).put("unconfirmed", tally.unconfirmed)
                    .put("stale", tally.stale).put("reposted_users", tally.reposted).put("batches_recorded", tally.batches)
                    .put("pending_batches", tally.pending).put("submitted_batches", tally.submitted)
                    .put("held_batches", tally.held).put("splits", tally.splits)
                    .put("deleted", tally.deleted).put("delete_failed", tally.deleteFailed)
                    .put("delete_stale", tally.deleteStale);
            if (tally.otherStreams > 0) {
                counts.put("other_items_delivered", tally.otherDelivered).put("other_items_failed", tally.otherFailed);
            }
            // unchanged users are not sent: the destination already holds them as they are; stale ones a newer run holds;
            // skipped ones the sync's mode leaves out
            // and every deletion queued (on_removed: delete) is answered for, or left out for a newer run's value
            long deletions = counts.path("streams").path(OutboundItem.DELETES).path("items").asLong();
            boolean destinationComplete = dryRun || tally.pending == 0 && tally.submitted == 0 && tally.held == 0
                    && accepted == tally.delivered + tally.failed + tally.unconfirmed + tally.stale + unchanged + skipped
                    && deletions == tally.deleted + tally.deleteFailed + tally.deleteStale;
            counts.put("complete", destinationComplete);
            complete &= destinationComplete;
        }
        report.put("complete", complete);
        report.put("insider_error_callbacks", store.list(bucket, keys.root() + "callbacks/").size());
        report.put("failed_rows", keys.failedRows());
        report.put("removed_users", keys.removedUsers());
        report.put("identifier_changes", keys.identifierChanges());
        report.put("report_html", keys.reportHtml());
        Map<String, HtmlReport.Latency> latencies = new LinkedHashMap<>();
        callMicros.forEach((destination, micros) -> HtmlReport.Latency.of(micros).ifPresent(l -> latencies.put(destination, l)));
        String html = HtmlReport.render(report, rejections,
                failures.sorted((key, count, examples) -> new HtmlReport.FailureGroup(key.destination(), key.reason(), count,
                        examples)),
                new HtmlReport.Timings(latencies, lastOutcome == null ? null : lastOutcome.toString()));
        store.put(bucket, keys.reportHtml(), html.getBytes(StandardCharsets.UTF_8), ObjectStore.HTML);
        store.putJson(bucket, keys.report(), report);
        return report;
    }

    /**
     * The rejected-rows report grouped by destination, field and rule: read line by line (it may hold millions), keeping
     * only counts and a few examples (their messages are masked by the splitter), each row going to the outcome table
     * too. None when the run has none (a replay, a dry run).
     */
    private List<HtmlReport.RejectionGroup> rejections(String bucket, String key, OutcomeTable table) {
        Groups<RejectionKey> groups = new Groups<>(new RejectionKey(HtmlReport.OTHER_RULES.destination(),
                HtmlReport.OTHER_RULES.field(), HtmlReport.OTHER_RULES.rule()));
        if (key != null && !key.isEmpty()) {
            forEachJsonLine(bucket, key, row -> {
                RejectionKey rule = new RejectionKey(FormerNames.field(row, "destination").asText(), row.path("field").asText(),
                        row.path("rule").asText());
                groups.add(rule, row.path("line").asLong(), row.path("message").asText());
                table.rejected(rule.destination(), row.path("line").asLong(), rule.field() + ": " + rule.rule());
            });
        }
        return groups.sorted((k, count, examples) -> new HtmlReport.RejectionGroup(k.destination(), k.field(), k.rule(), count,
                examples));
    }

    /** Each JSON line of a report the run may not have, read as a stream; unreadable lines are counted and logged. */
    private void forEachJsonLine(String bucket, String key, java.util.function.Consumer<JsonNode> visitor) {
        Optional<InputStream> object = store.openIfExists(bucket, key);
        if (object.isEmpty()) {
            return;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(object.get(), StandardCharsets.UTF_8))) {
            long unreadable = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = json.readTree(line);
                } catch (IOException e) {
                    unreadable++;
                    continue;
                }
                visitor.accept(row);
            }
            if (unreadable > 0) {
                LOG.warnf("%d unreadable lines in s3://%s/%s", unreadable, bucket, key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable s3://" + bucket + "/" + key, e);
        }
    }

    /** Whether any destination counts rows of this kind: a report the run has none of is never read. */
    private static boolean counted(JsonNode manifest, String count) {
        for (JsonNode destination : FormerNames.field(manifest, "destinations")) {
            if (destination.path(count).asLong() > 0) {
                return true;
            }
        }
        return false;
    }

    private static Instant later(Instant current, String recordedAt) {
        if (recordedAt == null) {
            return current;
        }
        try {
            Instant at = Instant.parse(recordedAt);
            return current == null || at.isAfter(current) ? at : current;
        } catch (DateTimeParseException e) {
            return current;
        }
    }

    private record RejectionKey(String destination, String field, String rule) {
    }

    private record FailureKey(String destination, String reason) {
    }

    private JsonNode read(String bucket, String key) {
        byte[] bytes = store.read(bucket, key).orElseThrow(() -> new IllegalArgumentException("no such object: s3://"
                + bucket + "/" + key));
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable s3://" + bucket + "/" + key, e);
        }
    }

    private void writeLine(OutputStream out, Map<String, Object> line) {
        try {
            out.write(json.writeValueAsBytes(new java.util.TreeMap<>(line)));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Users (and, separately, other items such as Evergage accounts) by what became of their batches. */
    private static final class Tally {
        long delivered;
        long failed;
        long unconfirmed;
        long stale;
        long reposted;
        long otherDelivered;
        long deleted;
        /** Deletions failed or left unconfirmed: the destination may still hold those users. */
        long deleteFailed;
        long deleteStale;
        long otherFailed;
        int batches;
        int pending;
        /** Files the destination has not processed yet: their users are counted unconfirmed meanwhile. */
        int submitted;
        int held;
        int splits;
        int otherStreams;

        void add(BatchOutcome outcome) {
            batches++;
            // the users a newer run holds are left out for good before the batch is posted, whatever became of the others
            long usersStale = OutboundItem.USERS.equals(outcome.stream()) ? outcome.stale() : 0;
            if (BatchOutcome.SUBMITTED.equals(outcome.status())) {
                submitted++;
                unconfirmed += outcome.unconfirmed();
                stale += usersStale;
            } else if (outcome.isWaiting()) {
                pending++;
                stale += usersStale;
            } else if (BatchOutcome.HELD.equals(outcome.status())) {
                held++;
                stale += usersStale;
            } else if (outcome.isSplit()) {
                splits++; // refused as a whole and split: its users are counted by its parts' outcomes
                stale += usersStale;
            } else if (OutboundItem.DELETES.equals(outcome.stream())) {
                deleted += outcome.delivered();
                deleteFailed += outcome.failed() + outcome.unconfirmed();
                deleteStale += outcome.stale();
            } else if (OutboundItem.USERS.equals(outcome.stream())) {
                stale += outcome.stale();
                delivered += outcome.delivered();
                failed += outcome.failed();
                unconfirmed += outcome.unconfirmed();
                reposted += outcome.repostedUsers();
            } else {
                otherStreams++;
                otherDelivered += outcome.delivered();
                otherFailed += outcome.failed();
            }
        }
    }
}
