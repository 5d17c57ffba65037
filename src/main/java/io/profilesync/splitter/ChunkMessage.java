package io.profilesync.splitter;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One chunk to split, as queued for the split-chunk function.
 *
 * @param bucket the working bucket, which holds the run's plan
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChunkMessage(String runId, String bucket, int chunk) {
}
