package io.profilesync.queue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.batching.Batch;
import io.profilesync.batching.LineRanges;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SQS message for one stored batch. Messages stay small: the payload lives in S3 at {@code bucket/key}.
 *
 * @param runId the run that cut the batch
 * @param vendor the vendor it is for
 * @param stream the request kind ({@code users}, {@code accounts})
 * @param batch the batch number within vendor and stream, from 1
 * @param bucket where the body is stored
 * @param key the body's key
 * @param firstLine first source line in the batch
 * @param lastLine last source line in the batch
 * @param items users (or rows, or accounts) in the batch
 * @param source the input file, as {@code s3://bucket/key}
 * @param lineRanges the items' source lines in item order, compactly encoded (see {@link LineRanges})
 * @param taskId set on a follow-up message: the vendor task to check (Xtremepush asynchronous imports)
 * @param checks set on a follow-up message: how many times the task was checked already
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchMessage(String runId, String vendor, String stream, int batch, String bucket, String key,
        long firstLine, long lastLine, int items, String source, LineRanges lineRanges, String taskId, int checks) {

    /** The follow-up message that checks a vendor task for this batch. */
    public BatchMessage followUp(String task, int checked) {
        return new BatchMessage(runId, vendor, stream, batch, bucket, key, firstLine, lastLine, items, source,
                lineRanges, task, checked);
    }

    @JsonIgnore
    public boolean isFollowUp() {
        return taskId != null;
    }

    /** The batch's identity, for logs and outcome keys: {@code insider/users-000003}. */
    public String batchName() {
        return Batch.name(vendor, stream, batch);
    }
}
