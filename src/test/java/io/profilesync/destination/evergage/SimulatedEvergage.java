package io.profilesync.destination.evergage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import io.profilesync.simulator.SimulatedDestination;

/**
 * Evergage's users and accounts upsert: HTTP Basic of key id and secret, a JSON array of records each with a
 * {@code name}, and every attribute value a string; and its User Export API, served by {@link SimulatedUserExport}.
 * Evergage documents no per-record errors: a record that breaks a rule gets the whole request refused with 400.
 * <p>
 * <b>Assumptions</b> (no page states them; the first is a setting, so a test can run against the other plausible
 * answer):
 * <ul>
 * <li>{@link #keepsIdentifiers}: a user upsert's {@code email} attribute replaces the one held, as Personalization's
 * identity system does for a Customer ID ("If there are multiple email addresses for a single Customer ID,
 * Personalization stores only the most recent email address", Salesforce Help, Identity Merge Scenarios,
 * https://help.salesforce.com/s/articleView?id=mktg.mc_pers_identity_user_profile_merging_config_scenarios.htm); the
 * deprecated Users Upsert page does not say that its attributes feed that system. Else the email held is kept.</li>
 * </ul>
 */
public final class SimulatedEvergage implements SimulatedDestination {

    public static final String KEY_ID = "evergage-key";
    public static final String SECRET = "evergage-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (KEY_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

    private final SimulatedUserExport export = new SimulatedUserExport();
    private volatile boolean keepsIdentifiers;

    /** Assumption: whether a user upsert leaves the email (and phone) a profile holds as it is. */
    public void keepsIdentifiers(boolean keeping) {
        keepsIdentifiers = keeping;
    }

    @Override
    public void reset() {
        keepsIdentifiers = false;
    }

    @Override
    public void apply(String path, JsonNode accepted, Map<String, ObjectNode> held) {
        upserts(path, accepted).forEach((user, attributes) -> {
            ObjectNode profile = held.computeIfAbsent(user, key -> JSON.createObjectNode());
            attributes.fields().forEachRemaining(field -> {
                boolean identifier = field.getKey().equals("email") || field.getKey().equals("phone");
                if (!(keepsIdentifiers && identifier && profile.has(field.getKey()))) {
                    profile.set(field.getKey(), field.getValue());
                }
            });
        });
    }

    /** What Evergage's User Export API holds. */
    public SimulatedUserExport export() {
        return export;
    }

    @Override
    public Map<String, String> credentials() {
        return Map.of("profile-sync.evergage.api-key-id", KEY_ID, "profile-sync.evergage.api-key-secret", SECRET);
    }

    @Override
    public String name() {
        return "evergage";
    }

    @Override
    public List<String> paths() {
        return List.of("/api/dataset/");
    }

    @Override
    public Answer handle(HttpExchange exchange, byte[] body) throws IOException {
        if (!BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.refused(401, "unauthorized");
        }
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET") && path.matches("/api/dataset/[^/]+/users\\.(json|csv)")) {
            return export.page(exchange.getRequestURI(), path.endsWith(".csv"));
        }
        if (!path.matches("/api/dataset/[^/]+/(users|accounts)/upsert")) {
            return Answer.refused(404, "no such endpoint: " + path);
        }
        JsonNode records = JSON.readTree(body);
        if (!records.isArray()) {
            return Answer.refused(400, "the body must be an array");
        }
        for (JsonNode record : records) {
            if (!record.path("name").isTextual() || record.path("name").asText().isBlank()) {
                return Answer.refused(400, "every record needs a name");
            }
            for (JsonNode value : record.path("attributes")) {
                if (!value.isTextual()) {
                    return Answer.refused(400, "all attributes must be sent as strings");
                }
            }
        }
        return new Answer(200, "{\"success\":true}", records);
    }

    /** Users upserted: their attributes, by name. */
    @Override
    public Map<String, ObjectNode> upserts(String path, JsonNode accepted) {
        Map<String, ObjectNode> upserts = new java.util.LinkedHashMap<>();
        if (path.endsWith("/users/upsert")) {
            accepted.forEach(record -> upserts.put(record.path("name").asText(), record.path("attributes").deepCopy()));
        }
        return upserts;
    }

    @Override
    public List<String> users(String path, JsonNode accepted) {
        if (!path.endsWith("/users/upsert")) {
            return List.of();
        }
        List<String> users = new ArrayList<>();
        accepted.forEach(record -> users.add(record.path("name").asText()));
        return users;
    }
}
