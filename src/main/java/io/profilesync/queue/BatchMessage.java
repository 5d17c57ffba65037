package io.profilesync.queue;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.batching.Batch;
import io.profilesync.batching.KeyHashes;
import io.profilesync.batching.LineRanges;
import io.profilesync.common.FormerNames;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SQS message for one stored batch. Messages stay small: the payload lives in S3 at {@code bucket/key}.
 *
 * @param runId the run that cut the batch
 * @param destination the destination it is for
 * @param stream the request kind ({@code users}, {@code accounts})
 * @param batch the batch number within destination and stream, from 1
 * @param bucket where the body is stored
 * @param key the body's key
 * @param firstLine first source line in the batch
 * @param lastLine last source line in the batch
 * @param items users (or rows, or accounts) in the batch
 * @param source the input file, as {@code s3://bucket/key}
 * @param lineRanges the items' source lines in item order, compactly encoded (see {@link LineRanges})
 * @param taskId set on a follow-up message: the destination task to check (Xtremepush asynchronous imports)
 * @param checks set on a follow-up message: how many times the task was checked already
 * @param part set on a part of a batch the destination refused as a whole and the poster split in halves: the part's
 *        path, {@code 1} or {@code 2} for the halves, {@code 1.2} for the second half of the first, and so on;
 *        absent on a whole batch. Its body, claim and outcome are named after it ({@code users-000003.1.2.json}).
 * @param sync the sync of the run (for a replay's batch, of the run whose users it sends again), absent for a run
 *        outside any sync
 * @param order the run's place in its sync ({@code sync.RunOrder}): a newer run's users are not posted by this batch
 * @param keys the items' key hashes, in item order: which users a newer run holds
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchMessage(String runId, @JsonAlias(FormerNames.OF_DESTINATION) String destination, String stream, int batch, String bucket, String key,
        long firstLine, long lastLine, int items, String source, LineRanges lineRanges, String taskId, int checks,
        @JsonInclude(JsonInclude.Include.NON_NULL) String part, @JsonInclude(JsonInclude.Include.NON_NULL) String sync,
        @JsonInclude(JsonInclude.Include.NON_NULL) String order, @JsonInclude(JsonInclude.Include.NON_NULL) KeyHashes keys) {

    /** A whole batch of a run outside any sync. */
    public BatchMessage(String runId, String destination, String stream, int batch, String bucket, String key, long firstLine,
            long lastLine, int items, String source, LineRanges lineRanges, String taskId, int checks) {
        this(runId, destination, stream, batch, bucket, key, firstLine, lastLine, items, source, lineRanges, taskId, checks, null,
                null, null, null);
    }

    /** A whole batch of a run of a sync, as the splitter queues it. */
    public static BatchMessage of(String runId, String destination, Batch batch, String bucket, String key, String source,
            String sync, String order) {
        return new BatchMessage(runId, destination, batch.stream(), batch.number(), bucket, key, batch.firstLine(),
                batch.lastLine(), batch.items(), source, batch.lineRanges(), null, 0, null, sync, order,
                KeyHashes.of(batch.keys()));
    }

    /** Whether the batch belongs to a run in a sync's order, whose newer runs may make its users stale. */
    @JsonIgnore
    public boolean isOrdered() {
        return sync != null && order != null && keys != null && !keys.isEmpty();
    }

    /** The follow-up message that checks a destination task for this batch. */
    public BatchMessage followUp(String task, int checked) {
        return new BatchMessage(runId, destination, stream, batch, bucket, key, firstLine, lastLine, items, source,
                lineRanges, task, checked, part, sync, order, keys);
    }

    /**
     * The message for part {@code half} (1 or 2) of this batch, stored at {@code partKey}: its items ({@code from}
     * to {@code to} of this batch's), their lines, its own part path.
     */
    public BatchMessage half(int half, String partKey, long first, long last, int from, int to, LineRanges partLines) {
        return new BatchMessage(runId, destination, stream, batch, bucket, partKey, first, last, to - from, source, partLines,
                null, 0, halfPart(half), sync, order, keys == null ? null : keys.slice(from, to));
    }

    /** This batch with only some of its items (those a newer run does not hold): their count, lines and keys. */
    public BatchMessage only(int keptItems, long first, long last, LineRanges keptLines, KeyHashes keptKeys) {
        return new BatchMessage(runId, destination, stream, batch, bucket, key, first, last, keptItems, source, keptLines,
                taskId, checks, part, sync, order, keptKeys);
    }

    /** The batch's name within its run and destination: {@code users-000003}, a part {@code users-000003.1.2}. */
    @JsonIgnore
    public String nameInRun() {
        return String.format("%s-%06d", stream, batch) + (part == null ? "" : "." + part);
    }

    /** The part path of half {@code half} (1 or 2) of this batch or part: {@code 1}, {@code 1.2}. */
    public String halfPart(int half) {
        return part == null ? Integer.toString(half) : part + "." + half;
    }

    @JsonIgnore
    public boolean isFollowUp() {
        return taskId != null;
    }

    /** The batch's identity, for logs and outcome keys: {@code insider/users-000003}, a part {@code insider/users-000003.1.2}. */
    public String batchName() {
        return Batch.name(destination, stream, batch) + (part == null ? "" : "." + part);
    }
}
