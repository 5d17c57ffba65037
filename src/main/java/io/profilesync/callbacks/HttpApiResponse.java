package io.profilesync.callbacks;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to an API Gateway HTTP API request (payload format 2.0). */
@RegisterForReflection
public record HttpApiResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {

    static HttpApiResponse json(int status, String message) {
        return new HttpApiResponse(status, Map.of("Content-Type", "application/json"),
                "{\"message\":\"" + message.replace("\"", "'") + "\"}", false);
    }
}
