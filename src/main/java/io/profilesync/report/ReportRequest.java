package io.profilesync.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Which run to report on: {@code {"bucket": "...", "run_id": "..."}}; or which held run to release:
 * {@code {"bucket": "...", "release": "<run_id>"}} (docs/sync.md, "Guards").
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportRequest(String bucket, String runId, String release) {
}
