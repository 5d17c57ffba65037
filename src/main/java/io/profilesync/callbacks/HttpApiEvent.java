package io.profilesync.callbacks;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An API Gateway HTTP API request, payload format 2.0; only the fields the callback endpoint reads. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpApiEvent(String version, String rawPath, String rawQueryString, Map<String, String> headers,
        Map<String, String> queryStringParameters, Map<String, String> pathParameters, RequestContext requestContext,
        String body, boolean isBase64Encoded) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(String requestId, long timeEpoch, Http http) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Http(String method, String path, String sourceIp) {
    }

    public String method() {
        return requestContext == null || requestContext.http() == null ? "" : requestContext.http().method();
    }

    /**
     * The caller's address as API Gateway saw it ({@code requestContext.http.sourceIp}; a payload format 1.0 event,
     * from a REST API, has {@code requestContext.identity.sourceIp} instead, and is not what this endpoint takes).
     */
    public String sourceIp() {
        return requestContext == null || requestContext.http() == null ? null : requestContext.http().sourceIp();
    }

    public String query(String name) {
        return queryStringParameters == null ? null : queryStringParameters.get(name);
    }
}
