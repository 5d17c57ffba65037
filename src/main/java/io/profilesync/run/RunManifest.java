package io.profilesync.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.common.FormerNames;
import io.profilesync.runguard.GuardCrossed;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.DestinationSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The record of one run, stored as {@code runs/<run_id>/manifest.json}.
 *
 * @param runId the run's id, derived from the object's identity
 * @param status {@code succeeded} when the whole file was read, {@code failed} when a file-level error stopped it
 * @param source the input object
 * @param mapping which mapping document applied ({@code built-in default} or its key)
 * @param rows data rows read
 * @param errors file-level problems
 * @param destinations per-destination counts
 * @param rejectedRows key of the rejected-rows report (JSON lines)
 * @param batchesPrefix key prefix under which the batches are stored
 * @param startedAt ISO-8601 instant
 * @param finishedAt ISO-8601 instant
 * @param sync the sync the run belongs to (its change detection state)
 * @param fullResync every user was sent, changed or not
 * @param dryRun nothing was stored, queued or posted: the counts say what would have been sent
 * @param supersededRows key of the superseded-rows report (JSON lines)
 * @param chunks the pieces the file was split in, each in its own invocation (1: the file in one piece)
 * @param hold the guard a held run crossed, and when it was released or superseded; absent for a run never held
 * @param dialect how a CSV file was read (delimiter, quote, header, encoding, and which the sniffer decided); absent
 *     for other formats and for a file refused before its first record
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunManifest(String runId, String status, SourceObject source, String mapping, long rows,
        List<FileError> errors, @JsonAlias(FormerNames.OF_DESTINATIONS) Map<String, DestinationSummary> destinations, String rejectedRows, String batchesPrefix,
        String startedAt, String finishedAt, String sync, boolean fullResync, boolean dryRun, String supersededRows,
        int chunks, @JsonInclude(JsonInclude.Include.NON_NULL) RunHold hold,
        @JsonInclude(JsonInclude.Include.NON_NULL) String dialect) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    /** Split and reported, but a guard was crossed: nothing is queued until it is released (docs/sync.md, "Guards"). */
    public static final String HELD = "held";
    /** Held, then released: its batches are queued and delivered as a succeeded run's. */
    public static final String RELEASED = "released";
    /** Held, then replaced by a newer run of its sync: its batches are never queued. */
    public static final String SUPERSEDED = "superseded";

    /** A run with no CSV dialect to report. */
    public RunManifest(String runId, String status, SourceObject source, String mapping, long rows, List<FileError> errors,
            Map<String, DestinationSummary> destinations, String rejectedRows, String batchesPrefix, String startedAt,
            String finishedAt, String sync, boolean fullResync, boolean dryRun, String supersededRows, int chunks,
            RunHold hold) {
        this(runId, status, source, mapping, rows, errors, destinations, rejectedRows, batchesPrefix, startedAt, finishedAt,
                sync, fullResync, dryRun, supersededRows, chunks, hold, null);
    }

    /** This run, held because it crossed {@code guard}. */
    public RunManifest held(GuardCrossed guard) {
        return new RunManifest(runId, HELD, source, mapping, rows, errors, destinations, rejectedRows, batchesPrefix, startedAt,
                finishedAt, sync, fullResync, dryRun, supersededRows, chunks, new RunHold(guard, Instant.now().toString(), null,
                        null), dialect);
    }
}
