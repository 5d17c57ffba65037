package io.profilesync.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One Insider error callback as stored: {@code callbacks/date=YYYY-MM-DD/<received>-<request id>.json}.
 *
 * @param receivedAt ISO-8601 instant
 * @param requestId API Gateway's request id
 * @param runId the run whose batch the callback is about, when the callback URL named it
 * @param batch the batch number, when the callback URL named it
 * @param sourceIp the caller's address, as API Gateway saw it
 * @param sentBatch the key of the batch the URL names, when the run sent it (a callback naming none is never
 *        replayed, nor copied under any run)
 * @param payload what Insider sent back: the payload of the failed user, as it was sent
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoredCallback(String receivedAt, String requestId, String runId, Integer batch, String sourceIp,
        String sentBatch, JsonNode payload) {
}
