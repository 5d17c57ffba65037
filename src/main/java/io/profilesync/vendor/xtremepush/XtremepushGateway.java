package io.profilesync.vendor.xtremepush;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.delivery.HttpAnswers;
import io.profilesync.delivery.PermanentDeliveryException;
import io.profilesync.queue.BatchMessage;
import io.profilesync.vendor.PostResult;
import io.profilesync.vendor.PostResult.UserFailure;
import io.profilesync.vendor.VendorGateway;

/**
 * Posts Xtremepush profile imports. Imports of 100 rows or more are asynchronous: Xtremepush answers 202 with
 * a task id, and the outcome is known once the Task Info method reports the task finished.
 */
@ApplicationScoped
public class XtremepushGateway implements VendorGateway {

    private final XtremepushApi api;
    private final XtremepushCredentials credentials;
    private final ObjectMapper json;

    public XtremepushGateway(@RestClient XtremepushApi api, XtremepushCredentials credentials, ObjectMapper json) {
        this.api = api;
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public String name() {
        return XtremepushVendor.NAME;
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        byte[] request = withAppToken(parse(body));
        Response response = HttpAnswers.call(name(), () -> api.importProfiles(request));
        JsonNode answer = parse(response.readEntity(byte[].class));
        if (response.getStatus() == 202) {
            String task = taskId(answer);
            if (task == null) {
                throw new PermanentDeliveryException("Xtremepush answered 202 without a task id: " + answer, 202);
            }
            return new PostResult(202, List.of(), task);
        }
        return new PostResult(response.getStatus(), rowErrors(answer), null);
    }

    @Override
    public Optional<PostResult> checkTask(String taskId) {
        ObjectNode request = json.createObjectNode();
        request.put("id", taskId);
        Response response = HttpAnswers.call(name(), () -> api.taskInfo(withAppToken(request)));
        JsonNode task = parse(response.readEntity(byte[].class)).path("data");
        String status = task.path("status").asText("").toLowerCase(Locale.ROOT);
        return switch (status) {
            case "completed", "complete", "finished", "success" -> Optional.of(new PostResult(200, rowErrors(task), null));
            case "failed", "error" -> throw new PermanentDeliveryException("Xtremepush task " + taskId + " failed: "
                    + task.path("message").asText(task.toString()), 200);
            default -> Optional.empty();
        };
    }

    /** The app token goes first in the body, as in Xtremepush's examples; the stored batch never holds it. */
    private byte[] withAppToken(ObjectNode body) {
        ObjectNode request = json.createObjectNode();
        request.put("apptoken", credentials.appToken().orElseThrow(() -> new PermanentDeliveryException(
                "the Xtremepush app token is not configured: set profile-sync.xtremepush.app-token", 0)));
        request.setAll(body);
        try {
            return json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? json.createObjectNode() : json.readTree(body);
            return node.isObject() ? (ObjectNode) node : json.createObjectNode();
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String taskId(JsonNode answer) {
        for (String field : List.of("task_id", "taskId", "task", "id")) {
            JsonNode found = answer.findValue(field);
            if (found != null && found.isValueNode() && !found.asText().isBlank()) {
                return found.asText();
            }
        }
        return null;
    }

    /** Rows Xtremepush reports as failed: {@code errors: [{"row": index, "message": ...}]}. */
    private static List<UserFailure> rowErrors(JsonNode answer) {
        List<UserFailure> failures = new ArrayList<>();
        answer.path("errors").forEach(error -> {
            if (error.has("row")) {
                failures.add(new UserFailure(error.get("row").asInt(), error.path("message").asText("rejected by Xtremepush")));
            }
        });
        return failures;
    }
}
