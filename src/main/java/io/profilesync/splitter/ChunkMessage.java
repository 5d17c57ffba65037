package io.profilesync.splitter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Work on a chunked run, as queued for the split-chunk function: one chunk to split, or one group of partitions to
 * reduce once every chunk is split.
 *
 * @param bucket the working bucket, which holds the run's plan
 * @param chunk the chunk to split, or null
 * @param group the group of partitions to reduce (see {@link ReducePlan}), or null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChunkMessage(String runId, String bucket, Integer chunk, Integer group) {

    static ChunkMessage chunk(String runId, String bucket, int chunk) {
        return new ChunkMessage(runId, bucket, chunk, null);
    }

    static ChunkMessage group(String runId, String bucket, int group) {
        return new ChunkMessage(runId, bucket, null, group);
    }
}
