package io.profilesync.testing;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An EventBridge bus on loopback, speaking the service's JSON protocol ({@code X-Amz-Target: AWSEvents.PutEvents},
 * {@code application/x-amz-json-1.1}) for the one call the functions make, so that the AWS SDK client of the code
 * under test publishes exactly as in AWS; it keeps every entry it is sent. Like AWS it refuses an entry without
 * source, detail-type or detail, or whose detail is not a JSON object, and more than ten entries a call.
 */
public final class LocalEventBridge extends LocalJsonService {

    private final List<ObjectNode> entries = new CopyOnWriteArrayList<>();

    /** Every entry published so far, as sent ({@code Source}, {@code DetailType}, {@code Detail}, {@code EventBusName}). */
    public List<ObjectNode> entries() {
        return List.copyOf(entries);
    }

    /** The entries of one detail-type, their details parsed. */
    public List<JsonNode> details(String detailType) {
        return entries.stream().filter(entry -> detailType.equals(entry.path("DetailType").asText()))
                .map(entry -> Pipeline.parse(entry.path("Detail").asText())).toList();
    }

    public void clear() {
        entries.clear();
    }

    @Override
    Answer answer(String target, JsonNode request) {
        if (!"AWSEvents.PutEvents".equals(target)) {
            return null;
        }
        JsonNode sent = request.path("Entries");
        if (!sent.isArray() || sent.isEmpty() || sent.size() > 10) {
            return error(400, "ValidationException", "Entries must hold 1 to 10 entries");
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : sent) {
            String problem = problem(entry);
            if (problem == null) {
                entries.add((ObjectNode) entry);
                results.addObject().put("EventId", UUID.randomUUID().toString());
            } else {
                failed++;
                results.addObject().put("ErrorCode", "MalformedDetail").put("ErrorMessage", problem);
            }
        }
        answer.put("FailedEntryCount", failed);
        return new Answer(200, answer);
    }

    private static String problem(JsonNode entry) {
        if (entry.path("Source").asText("").isEmpty() || entry.path("DetailType").asText("").isEmpty()) {
            return "Source and DetailType are required";
        }
        try {
            return JSON.readTree(entry.path("Detail").asText("")).isObject() ? null : "Detail must be a JSON object";
        } catch (IOException e) {
            return "Detail is not valid JSON";
        }
    }
}
