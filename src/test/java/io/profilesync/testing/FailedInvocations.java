package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The invocation record Lambda sends an asynchronous invocation's on-failure destination once every attempt failed,
 * shaped as AWS documents it (AWS Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations",
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html): {@code requestContext}
 * (requestId, functionArn, condition, approximateInvokeCount), {@code requestPayload} (the event as it was sent),
 * {@code responseContext} (statusCode, executedVersion, functionError) and {@code responsePayload} (the last
 * attempt's errorType and errorMessage).
 */
public final class FailedInvocations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailedInvocations() {
    }

    /** The record of an event whose every attempt failed ({@code RetriesExhausted}), the last with this error. */
    public static String retriesExhausted(String function, String event, int attempts, String errorType, String errorMessage) {
        ObjectNode record = JSON.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", "arn:aws:lambda:" + LocalAws.REGION + ":000000000000:function:profile-sync-" + function + ":live");
        request.put("condition", "RetriesExhausted");
        request.put("approximateInvokeCount", attempts);
        try {
            record.set("requestPayload", JSON.readTree(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "1");
        response.put("functionError", "Unhandled");
        record.putObject("responsePayload").put("errorMessage", errorMessage).put("errorType", errorType);
        return record.toString();
    }
}
