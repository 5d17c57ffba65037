package io.profilesync.vendor.insider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Posts Insider batches. Insider answers 200 even when users fail; the {@code fail} block names them by
 * path ({@code users.3.identifiers...}), and those users are reported failed with Insider's messages.
 */
@ApplicationScoped
public class InsiderGateway implements VendorGateway {

    private static final Pattern USER_PATH = Pattern.compile("^users\\.(\\d+)\\.");

    private final InsiderApi api;
    private final InsiderCredentials credentials;
    private final ObjectMapper json;

    public InsiderGateway(@RestClient InsiderApi api, InsiderCredentials credentials, ObjectMapper json) {
        this.api = api;
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public String name() {
        return InsiderVendor.NAME;
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        String partner = credentials.partnerName().orElseThrow(InsiderGateway::notConfigured).toLowerCase(Locale.ROOT);
        String token = credentials.requestToken().orElseThrow(InsiderGateway::notConfigured);
        byte[] request = withCallback(body, batch);
        Response response = HttpAnswers.call(name(), () -> api.upsert(partner, token, request));
        return new PostResult(response.getStatus(), failures(response.readEntity(String.class)), null);
    }

    /** The callback URL names the run and batch, so that each callback can be matched to its batch. */
    private byte[] withCallback(byte[] body, BatchMessage batch) {
        if (credentials.errorCallbackEndpoint().isEmpty()) {
            return body;
        }
        try {
            ObjectNode request = (ObjectNode) json.readTree(body);
            String endpoint = credentials.errorCallbackEndpoint().get();
            request.put("error_callback_endpoint", endpoint + (endpoint.contains("?") ? "&" : "?")
                    + "run=" + batch.runId() + "&batch=" + batch.batch());
            return json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new PermanentDeliveryException("the stored Insider batch is not JSON: " + e.getMessage(), 0);
        }
    }

    /** Users named in the {@code fail} block, each with all of Insider's messages for it. */
    List<UserFailure> failures(String answer) {
        JsonNode errors;
        try {
            errors = json.readTree(answer == null || answer.isBlank() ? "{}" : answer).path("data").path("fail").path("errors");
        } catch (IOException e) {
            return List.of();
        }
        Map<Integer, List<String>> byUser = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> error = it.next();
            Matcher user = USER_PATH.matcher(error.getKey());
            if (user.find()) {
                List<String> messages = byUser.computeIfAbsent(Integer.parseInt(user.group(1)), index -> new ArrayList<>());
                error.getValue().forEach(message -> messages.add(error.getKey() + ": " + message.asText()));
            }
        }
        List<UserFailure> failures = new ArrayList<>();
        byUser.forEach((index, messages) -> failures.add(new UserFailure(index, String.join("; ", messages))));
        return failures;
    }

    private static PermanentDeliveryException notConfigured() {
        return new PermanentDeliveryException("Insider credentials are not configured: set profile-sync.insider.partner-name "
                + "and profile-sync.insider.request-token", 0);
    }
}
