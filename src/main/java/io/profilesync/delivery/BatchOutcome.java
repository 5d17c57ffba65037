package io.profilesync.delivery;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What became of one batch, stored as {@code runs/<run_id>/outcomes/<vendor>/<stream>-NNNNNN.json}. Its
 * presence is also the durable mark that the batch was posted: a redelivered message does not post again.
 *
 * @param status {@code delivered}, {@code partial} (some users failed), {@code failed}, or {@code pending}
 *        (posted; waiting for the vendor's task to finish)
 * @param items users (or rows, or accounts) in the batch
 * @param delivered of those, how many the vendor took
 * @param failed of those, how many failed, each listed in {@code failures}
 * @param failures the failed users: source line and reason (personal values masked)
 * @param httpStatus the vendor's last HTTP status, 0 when it never answered
 * @param taskId the vendor task, for asynchronous imports
 * @param attempts SQS deliveries of the message that recorded this outcome
 * @param callMicros how long the vendor call that gave this answer took, in microseconds (0 when none did)
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchOutcome(String runId, String vendor, String stream, int batch, String status, int items,
        int delivered, int failed, List<FailedUser> failures, int httpStatus, String taskId, int attempts,
        long callMicros, String source, String key, String recordedAt) {

    public static final String DELIVERED = "delivered";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    public static final String PENDING = "pending";

    @JsonIgnore
    public boolean isPending() {
        return PENDING.equals(status);
    }

    /** A user the vendor did not take. */
    @RegisterForReflection
    public record FailedUser(long line, String reason) {
    }
}
