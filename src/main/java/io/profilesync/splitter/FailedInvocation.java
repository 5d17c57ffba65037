package io.profilesync.splitter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The invocation record Lambda sends an asynchronous invocation's on-failure destination when every attempt failed
 * ({@code RetriesExhausted}) or the event grew older than its maximum age ({@code EventAgeExceeded}): AWS Lambda
 * Developer Guide, "Capturing records of Lambda asynchronous invocations"
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). For the splitter, the request
 * payload is the S3 event; only the fields read here.
 *
 * @param timestamp when Lambda gave up
 * @param responsePayload the last attempt's error ({@code errorType}, {@code errorMessage}), when there was one
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record FailedInvocation(String timestamp, RequestContext requestContext, S3Event requestPayload,
        ResponseContext responseContext, JsonNode responsePayload) {

    static final String RETRIES_EXHAUSTED = "RetriesExhausted";
    static final String EVENT_AGE_EXCEEDED = "EventAgeExceeded";

    /**
     * @param condition {@code RetriesExhausted} or {@code EventAgeExceeded}
     * @param approximateInvokeCount the attempts made
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestContext(String requestId, String functionArn, String condition, Integer approximateInvokeCount) {
    }

    /** @param functionError {@code Unhandled} (the function failed) or {@code Handled} */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResponseContext(Integer statusCode, String executedVersion, String functionError) {
    }

    /** Why the split failed for good, as far as the record says, in one sentence for the run's manifest. */
    String reason() {
        String condition = requestContext == null ? null : requestContext.condition();
        Integer attempts = requestContext == null ? null : requestContext.approximateInvokeCount();
        String count = attempts == null ? "" : " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)");
        StringBuilder reason = new StringBuilder("the split failed for good: ");
        if (RETRIES_EXHAUSTED.equals(condition)) {
            reason.append("the splitter failed on every attempt Lambda makes").append(count);
        } else if (EVENT_AGE_EXCEEDED.equals(condition)) {
            reason.append("the S3 event grew older than the splitter's maximum event age before it was split").append(count);
        } else {
            reason.append("Lambda gave up on the splitter's invocation (").append(condition).append(')').append(count);
        }
        String type = responsePayload == null ? "" : responsePayload.path("errorType").asText("");
        String message = responsePayload == null ? "" : responsePayload.path("errorMessage").asText("");
        if (!type.isEmpty() || !message.isEmpty()) {
            reason.append("; the last attempt ended with ").append(type.isEmpty() ? "an error" : type)
                    .append(message.isEmpty() ? "" : ": " + abbreviated(message));
        }
        return reason.toString();
    }

    /** An error message is kept to a line's worth: the function's log has the rest. */
    private static String abbreviated(String message) {
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() <= 500 ? line : line.substring(0, 500) + "...";
    }
}
