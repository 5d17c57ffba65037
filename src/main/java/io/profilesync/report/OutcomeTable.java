package io.profilesync.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.KeyHashes;
import io.profilesync.common.FormerNames;
import io.profilesync.run.BatchOutcome;
import io.profilesync.storage.MultipartUpload;
import io.profilesync.storage.ObjectStore;

/**
 * Every user's outcome in one run, as rows of the outcomes table Athena reads (docs/querying-outcomes.md): one
 * gzipped JSON-lines object per destination, {@code tables/outcomes/sync=<sync>/destination=<destination>/date=<yyyy-MM-dd>/<run_id>.json.gz},
 * the date being the day the run's split started (UTC). The key depends on the run alone, so writing the run's rows
 * again (each report of the run: a redrive, the report function) replaces them: the table never counts a batch twice,
 * however often the poster recorded it. Rows name users by source line and, where the run has it, the key hash its
 * batch carried; reasons are the already masked ones of the outcomes and reports, never a personal value.
 *
 * <p>Fed while the reporter reads the run's outcomes and reports, streamed to S3 in parts: a run of millions of users
 * holds one part per destination in memory. Nothing is written for a dry run, which sends nothing.
 */
final class OutcomeTable implements AutoCloseable {

    /** The table's prefix in the working bucket (terraform/outcomes.tf points the Glue table at it). */
    static final String PREFIX = "tables/outcomes/";
    /** The partition of runs outside any sync (a replay). */
    static final String NO_SYNC = "(none)";

    private final ObjectMapper json;
    private final String runId;
    private final String source;
    private final Map<String, Writer> destinations = new LinkedHashMap<>();
    private boolean committed;

    private OutcomeTable(ObjectMapper json, String runId, String source) {
        this.json = json;
        this.runId = runId;
        this.source = source;
    }

    /** The table rows of the run {@code manifest} describes, one object per destination it split for. */
    static OutcomeTable open(ObjectStore store, ObjectMapper json, String bucket, JsonNode manifest) {
        OutcomeTable table = new OutcomeTable(json, manifest.path("run_id").asText(), "s3://"
                + manifest.at("/source/bucket").asText() + "/" + manifest.at("/source/key").asText());
        if (manifest.path("dry_run").asBoolean()) {
            return table;
        }
        String prefix = PREFIX + "sync=" + manifest.path("sync").asText(NO_SYNC) + "/";
        String date = "date=" + runDate(manifest) + "/";
        try {
            FormerNames.field(manifest, "destinations").fieldNames().forEachRemaining(destination -> table.destinations.put(destination, table.new Writer(
                    store.multipart(bucket, prefix + "destination=" + destination + "/" + date + table.runId + ".json.gz",
                            ObjectStore.JSON_LINES))));
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        return table;
    }

    /** The day the run's split started, which stays the run's partition whenever its rows are written again. */
    static String runDate(JsonNode manifest) {
        String started = manifest.path("started_at").asText(null);
        return (started == null ? Instant.EPOCH : Instant.parse(started)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /**
     * A batch's (or part's) users: its stale ones, and unless it was split (its parts carry its users) every posted
     * user by what became of it.
     */
    void outcome(BatchOutcome outcome) {
        Writer writer = destinations.get(outcome.destination());
        if (writer == null) {
            return;
        }
        if (outcome.staleLines() != null) {
            String reason = "held by newer run " + outcome.staleBecause();
            Keys keys = new Keys(outcome.staleKeys());
            outcome.staleLines().forEachLine(line -> writer.row(row(outcome, line, keys.next(), BatchOutcome.STALE, reason)));
        }
        if (outcome.isSplit() || outcome.lineRanges() == null) {
            return;
        }
        Map<Long, String> failed = new HashMap<>();
        outcome.failures().forEach(user -> failed.put(user.line(), user.reason()));
        String others = switch (outcome.status()) {
            case BatchOutcome.PENDING, BatchOutcome.HELD, BatchOutcome.UNCONFIRMED -> outcome.status();
            // a feed file the destination has not processed yet: its users count as unconfirmed in the report too
            case BatchOutcome.SUBMITTED -> BatchOutcome.UNCONFIRMED;
            default -> BatchOutcome.DELIVERED;
        };
        String othersReason = BatchOutcome.DELIVERED.equals(others) ? null : outcome.reason();
        Keys keys = new Keys(outcome.keys());
        outcome.lineRanges().forEachLine(line -> {
            String reason = failed.get(line);
            Long key = keys.next();
            writer.row(reason == null ? row(outcome, line, key, others, othersReason)
                    : row(outcome, line, key, BatchOutcome.FAILED, reason));
        });
    }

    /**
     * A rule a row broke for a destination ({@code field: rule}): the rules of one row, which the splitter reports one
     * after the other, make one {@code rejected} row naming them all.
     */
    void rejected(String destination, long line, String rule) {
        Writer writer = destinations.get(destination);
        if (writer != null) {
            writer.rejected(line, rule);
        }
    }

    /** A row a later row of the same user replaced. */
    void superseded(String destination, long line, long by) {
        splitRow(destination, line, "superseded", "superseded by line " + by);
    }

    private void splitRow(String destination, long line, String outcome, String reason) {
        Writer writer = destinations.get(destination);
        if (writer != null) {
            writer.row(splitRow(line, outcome, reason));
        }
    }

    private ObjectNode splitRow(long line, String outcome, String reason) {
        return base("users").put("line", line).putNull("key_hash").put("outcome", outcome).put("reason", reason);
    }

    private ObjectNode row(BatchOutcome outcome, long line, Long keyHash, String status, String reason) {
        ObjectNode row = base(outcome.stream()).put("line", line).put("key_hash", keyHash).put("outcome", status)
                .put("reason", reason)
                .put("batch", outcome.batch()).put("part", outcome.part()).put("http_status", outcome.httpStatus());
        return row.put("recorded_at", outcome.recordedAt());
    }

    private ObjectNode base(String stream) {
        return json.createObjectNode().put("run_id", runId).put("source", source).put("stream", stream);
    }

    /** Whether the run has rows to write: it split for some destination and is no dry run. */
    boolean isOpen() {
        return !destinations.isEmpty();
    }

    /** Completes every destination's object: only now do the run's rows replace what the table held for it. */
    void commit() {
        destinations.values().forEach(Writer::commit);
        committed = true;
    }

    /** Leaves nothing behind unless committed. */
    @Override
    public void close() {
        if (!committed) {
            destinations.values().forEach(Writer::abort);
        }
    }

    /** A batch's key hashes, one per user in line order; none when the batch carried none. */
    private static final class Keys {
        private final long[] hashes;
        private int next;

        Keys(KeyHashes keys) {
            hashes = keys == null ? new long[0] : keys.toArray();
        }

        Long next() {
            return next < hashes.length ? hashes[next++] : null;
        }
    }

    private final class Writer {
        private final MultipartUpload upload;
        private final GZIPOutputStream gzip;
        private long rejectedLine = -1;
        private final StringBuilder rules = new StringBuilder();

        Writer(MultipartUpload upload) {
            this.upload = upload;
            try {
                this.gzip = new GZIPOutputStream(upload, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void rejected(long line, String rule) {
            if (line != rejectedLine) {
                flushRejected();
                rejectedLine = line;
            }
            rules.append(rules.isEmpty() ? "" : "; ").append(rule);
        }

        private void flushRejected() {
            if (rejectedLine >= 0) {
                write(splitRow(rejectedLine, "rejected", rules.toString()));
                rules.setLength(0);
                rejectedLine = -1;
            }
        }

        void row(ObjectNode row) {
            flushRejected();
            write(row);
        }

        private void write(ObjectNode row) {
            try {
                gzip.write(json.writeValueAsBytes(row));
                gzip.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void commit() {
            flushRejected();
            try {
                gzip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            upload.commit();
        }

        void abort() {
            upload.abort();
        }
    }
}
