package io.profilesync.destination.acme;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;

import io.profilesync.simulator.SimulatedDestination;

/**
 * Acme's bulk contacts upsert: a bearer API key, at most two contacts a request, and contacts at
 * {@code blocked.example} rejected by index in a 200 answer.
 */
public final class SimulatedAcme implements SimulatedDestination {

    public static final String API_KEY = "acme-test-key";
    static final String BLOCKED_DOMAIN = "@blocked.example";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return AcmeDestination.NAME;
    }

    @Override
    public List<String> paths() {
        return List.of("/v2/contacts/bulk");
    }

    @Override
    public Map<String, String> credentials() {
        return Map.of("profile-sync.acme.api-key", API_KEY);
    }

    @Override
    public Answer handle(HttpExchange exchange, byte[] body) throws IOException {
        if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.refused(401, "unknown API key");
        }
        JsonNode request = JSON.readTree(body);
        JsonNode contacts = request.path("contacts");
        if (!contacts.isArray() || contacts.isEmpty() || contacts.size() > 2) {
            return Answer.refused(400, "contacts must hold one or two contacts");
        }
        ArrayNode rejected = JSON.createArrayNode();
        for (int i = 0; i < contacts.size(); i++) {
            if (contacts.get(i).path("email").asText().endsWith(BLOCKED_DOMAIN)) {
                rejected.addObject().put("index", i).put("reason", "the domain is blocked");
            }
        }
        return new Answer(200, JSON.createObjectNode().set("rejected", rejected).toString(), request);
    }

    @Override
    public List<String> users(String path, JsonNode accepted) {
        List<String> users = new ArrayList<>();
        accepted.path("contacts").forEach(contact -> users.add(contact.path("id").asText()));
        return users;
    }
}
