package io.profilesync.destination.xtremepush;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.credentials.CredentialStore;
import io.profilesync.queue.BatchMessage;
import io.profilesync.destination.HttpAnswers;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.TaskFailedException;
import io.profilesync.destination.DestinationGateway;

/**
 * Posts Xtremepush profile imports. Imports of 100 rows or more are asynchronous: Xtremepush answers 202 with
 * a task id, and the outcome is known once the Task Info method reports the task finished ("Profile import",
 * "Task methods"). Xtremepush documents no per-row result for an import: its envelope's {@code errors} is "a list
 * of errors when success is false" with no stated format, so no row is failed from it; an answer with
 * {@code success: false} leaves the batch's users unconfirmed, with its {@code message}. Refusals are read as HTTP
 * reads them ({@link HttpAnswers#standard}), which is how the status list of "External API Responses
 * Status/Error Codes" reads too: 401 authentication failed and 403 API access not authorised are refused
 * credentials, 429 is the rate limit, 5xx worth retrying, any other 4xx permanent.
 */
@ApplicationScoped
public class XtremepushGateway implements DestinationGateway {

    static final String APP_TOKEN = "app-token";
    private static final JsonPointer ROWS = JsonPointer.compile("/rows");
    /** An envelope with a task or a message, never row data: far more than any answer of these two methods. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Set<String> FINISHED = Set.of("completed", "complete", "finished", "success", "succeeded", "done");
    private static final Set<String> FAILED = Set.of("failed", "error", "errored", "cancelled", "canceled");

    private final XtremepushApi api;
    private final CredentialStore credentials;
    private final XtremepushCredentials keys;
    private final ObjectMapper json;

    public XtremepushGateway(@RestClient XtremepushApi api, CredentialStore credentials, XtremepushCredentials keys,
            ObjectMapper json) {
        this.api = api;
        this.credentials = credentials;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public String name() {
        return XtremepushDestination.NAME;
    }

    /** A profile import's rows are in {@code rows}; every half keeps the {@code columns} as they are. */
    @Override
    public Optional<JsonPointer> items(String stream) {
        return Optional.of(ROWS);
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        byte[] request = withAppToken(parse(body));
        Response response = HttpAnswers.call(name(), () -> api.importProfiles(request));
        JsonNode answer = envelope(response);
        if (answer == null) {
            return PostResult.unconfirmed(response.getStatus(), List.of(), "Xtremepush answered " + response.getStatus()
                    + " with a body that is not its documented envelope");
        }
        if (response.getStatus() == 202) {
            String task = taskId(answer);
            return task == null
                    ? PostResult.unconfirmed(202, List.of(), "Xtremepush took the import (202) but named no task to check")
                    : PostResult.pending(202, task);
        }
        if (!answer.path("success").asBoolean(true)) {
            return PostResult.unconfirmed(response.getStatus(), List.of(), "Xtremepush answered " + response.getStatus()
                    + " with success=false: " + answer.path("message").asText(""));
        }
        return PostResult.accepted(response.getStatus());
    }

    /**
     * Task Info answers in the envelope's {@code model}. The names of a task's states are not in the documentation
     * we have: the finished and failed states below are recognised, any other is taken as still running, and
     * the poster reports the import unconfirmed if it never reaches a known state.
     */
    @Override
    public Optional<PostResult> checkTask(String taskId) {
        ObjectNode request = json.createObjectNode();
        request.put("id", taskId);
        Response response = HttpAnswers.call(name(), () -> api.taskInfo(withAppToken(request)));
        JsonNode answer = envelope(response);
        JsonNode task = answer == null ? json.createObjectNode() : answer.path("model");
        String status = task.path("status").asText("").toLowerCase(Locale.ROOT);
        if (FINISHED.contains(status)) {
            return Optional.of(PostResult.accepted(200));
        }
        if (FAILED.contains(status)) {
            throw new TaskFailedException("Xtremepush task " + taskId + " " + status + ": "
                    + task.path("message").asText(task.path("error").asText("")));
        }
        return Optional.empty();
    }

    /** The app token goes first in the body, as in Xtremepush's examples; the stored batch never holds it. */
    private byte[] withAppToken(ObjectNode body) {
        ObjectNode request = json.createObjectNode();
        request.put("apptoken", credentials.get(name(), keys).require(APP_TOKEN));
        request.setAll(body);
        try {
            return json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The answer's envelope ({@code code}, {@code success}, {@code message}, {@code errors}, {@code data},
     * {@code model}: "External API Responses Status/Error Codes"), read through a capped stream; null when it is
     * not one, or longer than any envelope these methods answer with.
     */
    private JsonNode envelope(Response response) {
        HttpAnswers.Body answer = HttpAnswers.body(response, MAX_ANSWER_BYTES);
        byte[] body = answer.cut() ? null : answer.bytes();
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
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

    /** The task id: in {@code model} where the conventions put created objects, else wherever the answer names it. */
    private static String taskId(JsonNode answer) {
        for (String field : List.of("task_id", "taskId", "task", "id")) {
            JsonNode found = answer.path("model").has(field) ? answer.path("model").get(field) : answer.findValue(field);
            if (found != null && found.isValueNode() && !found.asText().isBlank()) {
                return found.asText();
            }
        }
        return null;
    }
}
