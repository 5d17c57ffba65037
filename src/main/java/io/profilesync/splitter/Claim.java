package io.profilesync.splitter;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who does a step of a chunked run that must be done once (fanning out its reduce, finishing it), by the SQS message
 * it handles: if that invocation fails or times out, the same message comes back and may do the step again (which
 * writes the same objects under the same keys).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Claim(String messageId, String claimedAt) {
}
