package io.profilesync.vendor.insider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.profilesync.simulator.SimulatedVendor;

/**
 * Insider's Upsert User Data API: lowercase partner name and request token, at most 5,000,000 bytes and 1,000
 * users, and per-user rules answered as a 200 with a {@code fail} block, as Insider documents. A user with
 * neither attributes nor events (identifiers only) gets the whole request refused with 400, as Insider's
 * integration FAQ says ("Why did I get a Bad Request error after including only identifiers in my payload?").
 */
public final class SimulatedInsider implements SimulatedVendor {

    public static final String PARTNER = "profilesync";
    public static final String TOKEN = "insider-test-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EMAIL = Pattern.compile("^.+@.+\\..+$");
    private static final Pattern PHONE = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    @Override
    public String name() {
        return "insider";
    }

    /** The partner name in capitals: the gateway must send it lowercase, as Insider requires. */
    @Override
    public Map<String, String> credentials() {
        return Map.of("profile-sync.insider.partner-name", PARTNER.toUpperCase(Locale.ROOT), "profile-sync.insider.request-token", TOKEN);
    }

    @Override
    public List<String> paths() {
        return List.of("/api/user/v1/upsert");
    }

    @Override
    public Answer handle(HttpExchange exchange, byte[] body) throws IOException {
        String partner = exchange.getRequestHeaders().getFirst("X-PARTNER-NAME");
        String token = exchange.getRequestHeaders().getFirst("X-REQUEST-TOKEN");
        if (!PARTNER.equals(partner) || !TOKEN.equals(token)) {
            return Answer.refused(403, "forbidden: the partner name must be lowercase and the token valid");
        }
        if (body.length > 5_000_000) {
            return Answer.refused(400, "request body is bigger than maximum allowed size 5,000,000 bytes");
        }
        JsonNode request = JSON.readTree(body);
        JsonNode users = request.path("users");
        if (!users.isArray() || users.isEmpty()) {
            return Answer.refused(400, "users must be defined: bad request");
        }
        if (users.size() > 1_000) {
            return Answer.refused(400, "a request can upsert at most 1000 users");
        }
        for (int i = 0; i < users.size(); i++) {
            if (!users.get(i).isObject()) {
                return Answer.refused(400, "users." + i + " must be an object: bad request");
            }
            if (users.get(i).path("attributes").isEmpty() && users.get(i).path("events").isEmpty()) {
                return Answer.refused(400, "users." + i + " must have attributes or events: bad request");
            }
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            check(users.get(i), "users." + i, errors);
        }
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode data = answer.putObject("data");
        data.putObject("successful").put("count", users.size() - failedUsers(errors));
        ObjectNode fail = data.putObject("fail");
        fail.put("count", failedUsers(errors));
        ObjectNode failErrors = fail.putObject("errors");
        errors.forEach((key, messages) -> messages.forEach(message -> failErrors.withArray(key).add(message)));
        return new Answer(200, answer.toString(), request);
    }

    @Override
    public List<String> users(String path, JsonNode accepted) {
        List<String> users = new ArrayList<>();
        accepted.path("users").forEach(user -> users.add(user.at("/identifiers/uuid").asText()));
        return users;
    }

    /**
     * The users without errors, by their first identifier (uuid, email, phone_number): their attributes, custom
     * ones as {@code custom.<name>}. (Insider appends to array attributes by default; this simulator replaces
     * them, which the sync tests' scalar attributes do not notice.)
     */
    @Override
    public Map<String, ObjectNode> upserts(String path, JsonNode accepted) {
        Map<String, ObjectNode> upserts = new java.util.LinkedHashMap<>();
        JsonNode users = accepted.path("users");
        for (int i = 0; i < users.size(); i++) {
            JsonNode user = users.get(i);
            Map<String, List<String>> errors = new LinkedHashMap<>();
            check(user, "users." + i, errors);
            if (!errors.isEmpty()) {
                continue;
            }
            ObjectNode profile = JSON.createObjectNode();
            user.path("attributes").fields().forEachRemaining(field -> {
                if (field.getKey().equals("custom")) {
                    field.getValue().fields().forEachRemaining(custom -> profile.set("custom." + custom.getKey(), custom.getValue()));
                } else {
                    profile.set(field.getKey(), field.getValue());
                }
            });
            upserts.put(userKey(user), profile);
        }
        return upserts;
    }

    private static String userKey(JsonNode user) {
        JsonNode identifiers = user.path("identifiers");
        for (String name : List.of("uuid", "email", "phone_number")) {
            if (identifiers.hasNonNull(name)) {
                return identifiers.get(name).asText();
            }
        }
        return user.path("insider_id").asText(identifiers.toString());
    }

    private static void check(JsonNode user, String path, Map<String, List<String>> errors) {
        JsonNode identifiers = user.path("identifiers");
        if (identifiers.isEmpty() && !user.has("insider_id")) {
            errors.computeIfAbsent(path + ".identifiers.required", key -> new ArrayList<>())
                    .add("either insider_id or idenifiers must be specified");
        }
        String email = identifiers.path("email").asText(null);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.computeIfAbsent(path + ".identifiers.*.regexp(^.+@.+\\..+$)", key -> new ArrayList<>())
                    .add("not a valid email address: " + email);
        }
        String phone = identifiers.path("phone_number").asText(null);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.computeIfAbsent(path + ".identifiers.*.regexp(^\\+[1-9]\\d{6,14}$)", key -> new ArrayList<>())
                    .add("user has an invalid phone number: " + phone);
        }
        JsonNode events = user.path("events");
        for (int e = 0; e < events.size(); e++) {
            JsonNode event = events.get(e);
            if ("purchase".equals(event.path("event_name").asText())) {
                for (String param : List.of("event_group_id", "unit_sale_price", "currency", "quantity")) {
                    if (!event.path("event_params").has(param)) {
                        errors.computeIfAbsent(path + ".events." + e + ".event_params.*.required", key -> new ArrayList<>())
                                .add(param + " parameter is required on purchase event");
                    }
                }
            }
        }
    }

    private static int failedUsers(Map<String, List<String>> errors) {
        return (int) errors.keySet().stream().map(key -> key.split("\\.")[1]).distinct().count();
    }
}
