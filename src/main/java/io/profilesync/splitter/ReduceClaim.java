package io.profilesync.splitter;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The invocation that finishes a chunked run, by the SQS message it handles: if it fails or times out, the same
 * message comes back and the reduce runs again (it writes the same batches under the same keys).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ReduceClaim(String messageId, String claimedAt) {
}
