package io.profilesync.run;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.batching.KeyHashes;
import io.profilesync.batching.LineRanges;
import io.profilesync.common.FormerNames;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What became of one batch, stored as {@code runs/<run_id>/outcomes/<destination>/<stream>-NNNNNN.json}.
 *
 * @param status {@code delivered}; {@code partial} (some users failed); {@code failed}; {@code unconfirmed}
 *        (the destination took the request but its answer does not say what became of the users: they may be held);
 *        {@code pending} (posted; waiting for the destination's task); {@code submitted} (uploaded as a file the destination
 *        processes later, named by {@code taskId}: its users are counted {@code unconfirmed} until a check reads
 *        what became of the file); {@code held} (a configuration error kept it
 *        from being posted: its message is in the dead-letter queue, and a redrive once fixed delivers it);
 *        {@code split} (the destination refused the request as a whole, with 400 or 413: the poster split it in two
 *        parts, each queued with its own outcome; settled, never posted again, and its users are counted by its
 *        parts' outcomes, not here); {@code stale} (every user is held by a newer run of the sync: not posted)
 * @param items users (or rows, or accounts) in the batch
 * @param delivered of those, how many the destination took
 * @param failed of those, how many failed, each listed in {@code failures}
 * @param unconfirmed of those, how many the destination's answer leaves unknown
 * @param repostedUsers users posted again after an earlier post's answer was lost (the destination may hold them twice)
 * @param failures the failed users: source line and reason (personal values masked)
 * @param httpStatus the destination's last HTTP status, 0 when it never answered
 * @param taskId the destination task, for asynchronous imports
 * @param attempts SQS deliveries of the message that recorded this outcome
 * @param callMicros how long the destination call that gave this answer took, in microseconds (0 when none did)
 * @param retryable a failure that trying later may mend (an outage that outlasted every delivery): a redrive of
 *        the dead-letter queue posts the batch again
 * @param reason why the batch is failed, unconfirmed, held or split
 * @param lineRanges the batch's users' source lines, in item order: with {@code failures}, which users the destination
 *        took (change detection records only those)
 * @param part the part's path when this is a part of a split batch ({@code 1.2}), absent for a whole batch
 * @param stale of {@code items}, how many were not posted because a newer run of the sync holds them (docs/sync.md, "The
 *        newest value wins"); counted here even when the batch is split, as they were never part of its parts
 * @param staleLines their source lines ({@code lineRanges} names only the users that were posted)
 * @param staleBecause the newest run that held them
 * @param keys the key hashes of the users {@code lineRanges} names, in the same order (absent for a batch of a run
 *        outside any sync, or queued before its message carried them): they name users in the outcome table
 * @param staleKeys the key hashes of the stale users, in {@code staleLines}' order
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchOutcome(String runId, @JsonAlias(FormerNames.OF_DESTINATION) String destination, String stream, int batch, String status, int items,
        int delivered, int failed, int unconfirmed, int repostedUsers, List<FailedUser> failures, int httpStatus,
        String taskId, int attempts, long callMicros, boolean retryable, String reason, String source, String key,
        String recordedAt, LineRanges lineRanges, @JsonInclude(JsonInclude.Include.NON_NULL) String part,
        int stale, @JsonInclude(JsonInclude.Include.NON_NULL) LineRanges staleLines,
        @JsonInclude(JsonInclude.Include.NON_NULL) String staleBecause,
        @JsonInclude(JsonInclude.Include.NON_NULL) KeyHashes keys,
        @JsonInclude(JsonInclude.Include.NON_NULL) KeyHashes staleKeys) {

    /** The outcome of a whole batch (not a part of a split one) that left no user out. */
    public BatchOutcome(String runId, String destination, String stream, int batch, String status, int items, int delivered,
            int failed, int unconfirmed, int repostedUsers, List<FailedUser> failures, int httpStatus, String taskId,
            int attempts, long callMicros, boolean retryable, String reason, String source, String key, String recordedAt,
            LineRanges lineRanges) {
        this(runId, destination, stream, batch, status, items, delivered, failed, unconfirmed, repostedUsers, failures, httpStatus,
                taskId, attempts, callMicros, retryable, reason, source, key, recordedAt, lineRanges, null, 0, null, null, null, null);
    }

    public static final String DELIVERED = "delivered";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    public static final String UNCONFIRMED = "unconfirmed";
    public static final String PENDING = "pending";
    public static final String SUBMITTED = "submitted";
    public static final String HELD = "held";
    public static final String SPLIT = "split";
    /** Every user of the batch is held by a newer run of the sync: nothing was posted. */
    public static final String STALE = "stale";

    /**
     * Statuses that mean the destination has answered for the batch (or is working on it), or that its parts carry it
     * on: it is never posted again.
     */
    private static final Set<String> TAKEN = Set.of(DELIVERED, PARTIAL, UNCONFIRMED, PENDING, SUBMITTED, SPLIT, STALE);

    /** Pending or submitted: the destination has the batch and has not said yet what became of it. */
    @JsonIgnore
    public boolean isWaiting() {
        return PENDING.equals(status) || SUBMITTED.equals(status);
    }

    /** Split in parts after the destination refused it as a whole: its users are counted by its parts' outcomes. */
    @JsonIgnore
    public boolean isSplit() {
        return SPLIT.equals(status);
    }

    /**
     * Whether the destination took the batch (or refused it for good): a redelivered or redriven message skips it. A
     * batch failed for a retryable reason, or held by a configuration error, is posted again.
     */
    @JsonIgnore
    public boolean isSettled() {
        return TAKEN.contains(status) || FAILED.equals(status) && !retryable;
    }

    /**
     * A destination task (or submitted file) whose result is not known yet: waiting, or unconfirmed because its checks ran
     * out (a redriven task check looks again).
     */
    @JsonIgnore
    public boolean hasTaskToCheck() {
        return taskId != null && (isWaiting() || UNCONFIRMED.equals(status));
    }

    /** A user the destination did not take. */
    @RegisterForReflection
    public record FailedUser(long line, String reason) {
    }
}
