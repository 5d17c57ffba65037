package io.profilesync.callbacks;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a replay queued: a run of its own ({@code runs/<run_id>/}), whose batches the poster delivers and
 * whose report the report function writes, like any other run.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplayResult(String runId, String bucket, int callbacks, long users, int batches) {
}
