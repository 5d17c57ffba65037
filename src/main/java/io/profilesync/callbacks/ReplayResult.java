package io.profilesync.callbacks;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a replay queued: a run of its own ({@code runs/<run_id>/}), whose batches the poster delivers and
 * whose report the report function writes, like any other run.
 *
 * @param users the users the callbacks held: {@code refused} of them are in the run's rejected-rows report, the
 *        others were queued
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplayResult(String runId, String bucket, int callbacks, long users, long refused, int batches) {
}
