package io.profilesync.logging;

import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.FormerNames;

/**
 * What the current log lines are about, in the logging MDC: the run, and for the poster the destination and the batch.
 * The text format ignores it; JSON logs (in AWS) carry it as {@code mdc.run_id}, {@code mdc.destination} and
 * {@code mdc.batch}, and metric lines as properties. A function sets it at each record or message it handles
 * (replacing what the previous one set) and clears it when the invocation ends.
 */
public final class LogContext {

    public static final String RUN_ID = "run_id";
    public static final String DESTINATION = "destination";
    public static final String BATCH = "batch";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogContext() {
    }

    /** The splitter's context: one S3 record, one run. */
    public static void run(String runId) {
        clear();
        putIfPresent(RUN_ID, runId);
    }

    /**
     * The poster's context: one SQS batch message ({@code run_id}, {@code destination}, and the batch as its stored
     * file's name, {@code users-000003}). A body that is not a batch message leaves the context empty.
     */
    public static void batchMessage(String body) {
        clear();
        JsonNode message;
        try {
            message = body == null ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return;
        }
        if (message == null || !message.isObject()) {
            return;
        }
        putIfPresent(RUN_ID, message.path("run_id").asText(null));
        putIfPresent(DESTINATION, FormerNames.field(message, "destination").asText(null));
        String key = message.path("key").asText("");
        String name = key.substring(key.lastIndexOf('/') + 1);
        putIfPresent(BATCH, name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : null);
    }

    /** The value the context holds for {@code key}, or null. */
    public static String get(String key) {
        Object value = MDC.get(key);
        return value == null ? null : value.toString();
    }

    /** Removes this context's keys (at the end of an invocation). */
    public static void clear() {
        MDC.remove(RUN_ID);
        MDC.remove(DESTINATION);
        MDC.remove(BATCH);
    }

    private static void putIfPresent(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }
}
