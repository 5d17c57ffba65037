package io.profilesync.destination.insider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.credentials.CredentialStore;
import io.profilesync.credentials.Credentials;
import io.profilesync.queue.BatchMessage;
import io.profilesync.destination.HttpAnswers;
import io.profilesync.destination.PermanentDeliveryException;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.PostResult.UserFailure;
import io.profilesync.destination.DestinationGateway;

/**
 * Posts Insider batches. Insider answers 200 even when users fail: {@code data.fail.count} says how many, and
 * {@code data.fail.errors} names them by path ({@code users.3.identifiers...}); those users are reported failed
 * with Insider's messages. A 200 that cannot be read, or whose count names more users than its errors do,
 * does not say what became of the rest: they are unconfirmed, never assumed delivered.
 */
@ApplicationScoped
public class InsiderGateway implements DestinationGateway {

    static final String PARTNER_NAME = "partner-name";
    static final String REQUEST_TOKEN = "request-token";
    static final String ERROR_CALLBACK_ENDPOINT = "error-callback-endpoint";
    private static final JsonPointer USERS = JsonPointer.compile("/users");
    /** Room for a {@code fail} block naming every user of a full request (1,000) with several messages each. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final Pattern USER_PATH = Pattern.compile("^users\\.(\\d+)\\.");

    private final InsiderApi api;
    private final CredentialStore credentials;
    private final InsiderCredentials keys;
    private final ObjectMapper json;

    public InsiderGateway(@RestClient InsiderApi api, CredentialStore credentials, InsiderCredentials keys, ObjectMapper json) {
        this.api = api;
        this.credentials = credentials;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public String name() {
        return InsiderDestination.NAME;
    }

    /** Insider's upsert body holds its users in {@code users}; a deletion names one user, so is never split. */
    @Override
    public Optional<JsonPointer> items(String stream) {
        return OutboundItem.DELETES.equals(stream) ? Optional.empty() : Optional.of(USERS);
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        Credentials insider = credentials.get(name(), keys);
        String partner = insider.require(PARTNER_NAME).toLowerCase(Locale.ROOT);
        String token = insider.require(REQUEST_TOKEN);
        if (OutboundItem.DELETES.equals(batch.stream())) {
            return delete(partner, token, body);
        }
        byte[] request = withCallback(body, batch, insider);
        Response response = HttpAnswers.call(name(), () -> api.upsert(partner, token, request), InsiderRefusals::read);
        HttpAnswers.Body answer = HttpAnswers.body(response, MAX_ANSWER_BYTES);
        if (answer.cut()) {
            return PostResult.unconfirmed(response.getStatus(), List.of(), "Insider answered " + response.getStatus()
                    + " with more than " + MAX_ANSWER_BYTES + " bytes, which were not read");
        }
        return answer(response.getStatus(), new String(answer.bytes(), StandardCharsets.UTF_8));
    }

    /**
     * Delete User Profile (https://academy.insiderone.com/docs/delete-user-profile-api), one user a request. The page
     * shows no answer body, so a 2xx is read as the user deleted (unconfirmed assumption, listed in the simulator);
     * refusals are read as every Insider answer is ({@link InsiderRefusals}).
     */
    private PostResult delete(String partner, String token, byte[] body) {
        Response response = HttpAnswers.call(name(), () -> api.delete(partner, token, body), InsiderRefusals::read);
        response.close();
        return PostResult.accepted(response.getStatus());
    }

    /** The callback URL names the run and batch, so that each callback can be matched to its batch. */
    private byte[] withCallback(byte[] body, BatchMessage batch, Credentials insider) {
        if (insider.value(ERROR_CALLBACK_ENDPOINT).isEmpty()) {
            return body;
        }
        try {
            ObjectNode request = (ObjectNode) json.readTree(body);
            String endpoint = insider.value(ERROR_CALLBACK_ENDPOINT).get();
            request.put("error_callback_endpoint", endpoint + (endpoint.contains("?") ? "&" : "?")
                    + "run=" + batch.runId() + "&batch=" + batch.batch());
            return json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new PermanentDeliveryException("the stored Insider batch is not JSON: " + e.getMessage(), 0);
        }
    }

    /** Users named in the {@code fail} block, each with all of Insider's messages for it. */
    PostResult answer(int status, String answer) {
        JsonNode data;
        try {
            data = json.readTree(answer == null ? "" : answer);
        } catch (IOException e) {
            data = null;
        }
        if (data == null || !data.path("data").isObject()) {
            return PostResult.unconfirmed(status, List.of(), "Insider answered " + status + " with a body that is not its "
                    + "documented {\"data\": {\"successful\", \"fail\"}} answer");
        }
        JsonNode fail = data.path("data").path("fail");
        Map<Integer, List<String>> byUser = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fail.path("errors").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> error = it.next();
            Matcher user = USER_PATH.matcher(error.getKey());
            if (user.find()) {
                List<String> messages = byUser.computeIfAbsent(Integer.parseInt(user.group(1)), index -> new ArrayList<>());
                error.getValue().forEach(message -> messages.add(error.getKey() + ": " + message.asText()));
            }
        }
        List<UserFailure> failures = new ArrayList<>();
        byUser.forEach((index, messages) -> failures.add(new UserFailure(index, String.join("; ", messages))));
        int count = fail.path("count").asInt(failures.size());
        if (count > failures.size()) {
            return PostResult.unconfirmed(status, failures, "Insider counted " + count + " failed users but named "
                    + failures.size() + "; the others of the request cannot be told apart");
        }
        return PostResult.answered(status, failures);
    }
}
