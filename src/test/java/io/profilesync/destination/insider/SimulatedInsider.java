package io.profilesync.destination.insider;

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

import io.profilesync.simulator.SimulatedDestination;

/**
 * Insider's Upsert User Data API. Each rule it enforces names its line in the pages kept in
 * {@code shared/vendor-docs} ("upsert" is insider-upsert-user-data.txt, "wizard" insider-upsert-integration-wizard.txt,
 * "codes" the status-and-error-codes page summarised in insider-rate-limits-and-related-endpoints.txt):
 * <ul>
 * <li>upsert, Headers: "The partner name should be lowercase"; codes: a partner it does not know is
 * 400 "Partner is invalid.", a token of another account 401 "Partner token authentication failed.".</li>
 * <li>upsert, Limitations: "The entire request must not exceed 5 MB" (its 400 body quoted under 400 Bad Request),
 * "Each request can upsert data for a maximum of 1,000 records"; 400 "users must be defined: bad request".</li>
 * <li>wizard, FAQ: "If your payload only contains identifiers and nothing else, you will receive a 400 Bad
 * Request error."</li>
 * <li>upsert, the 200 examples: per-user problems (identifiers required, email and phone patterns, purchase
 * parameters) are a 200 whose {@code data.fail} names them by path, {@code users.<index>...}.</li>
 * <li>upsert, Attributes: "For array attributes, new values are appended by default"; {@code "not_append": true}
 * or {@code "append": false} overwrite, and {@code append} wins when both are given.</li>
 * <li>Upsert User Data (https://academy.insiderone.com/docs/upsert-user-data-api): "The Upsert API can add or modify
 * attributes, but will not change an existing identifier": a profile keeps the email and phone_number it holds
 * ({@code identifiers.email} in {@link io.profilesync.simulator.DestinationSimulator#holdings}); one it lacks is
 * added.</li>
 * <li>Delete User Profile (https://academy.insiderone.com/docs/delete-user-profile-api): {@code POST
 * /api/user/v1/delete}, same headers, a body of one user's {@code identifiers} object (its body table and samples);
 * the user is then no longer held.</li>
 * </ul>
 * <b>Assumptions</b> (no page states them; each is a setting, so a test can run against the other plausible
 * answer):
 * <ul>
 * <li>{@link #badRequestsNameTheUser}: the body of the FAQ's identifiers-only 400 is not documented; by
 * default it names the user ({@code users.3 must have attributes or events: bad request}), else it is the
 * bare {@code {"error":"bad request"}}.</li>
 * <li>A partner name that is not lowercase is one Insider does not know (400 "Partner is invalid.").</li>
 * <li>A custom attribute goes under {@code attributes.custom} and is held as {@code custom.<name>}.</li>
 * <li>{@link #identifierConflictsFail}: what an upsert does with an identifier other than the one its profile holds
 * is not stated beyond "will not change" it: by default the user is taken (its attributes written, its identifier
 * kept); else the user fails in {@code data.fail} with a unification error (the page's
 * {@code error_callback_endpoint} names such errors but not their answer).</li>
 * <li><i>Unconfirmed</i>: the Delete User Profile page shows no answer; a deletion is answered 200
 * {@code {"success":true}}, a body without identifiers 400. Only the status is read by profile-sync.</li>
 * <li><i>Unconfirmed</i>: deleting a user Insider does not hold is answered as a deletion (200), as an erasure
 * usually is.</li>
 * </ul>
 */
public final class SimulatedInsider implements SimulatedDestination {

    public static final String PARTNER = "profilesync";
    public static final String TOKEN = "insider-test-token";

    private static final String UPSERT = "/api/user/v1/upsert";
    private static final String DELETE = "/api/user/v1/delete";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EMAIL = Pattern.compile("^.+@.+\\..+$");
    private static final Pattern PHONE = Pattern.compile("^\\+[1-9]\\d{6,14}$");
    private static final List<String> IDENTIFIERS = List.of("email", "phone_number");

    private volatile boolean badRequestsNameTheUser = true;
    private volatile boolean identifierConflictsFail;
    /** Per profile (by its key), the identifiers other than its key it holds: what an upsert cannot change. */
    private final Map<String, Map<String, String>> identifiers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Assumption: whether an upsert carrying another value of an identifier the profile holds fails that user. */
    public void identifierConflictsFail(boolean failing) {
        identifierConflictsFail = failing;
    }

    /** Assumption: whether the identifiers-only 400 names the user ({@code users.3 ...}) or is a bare "bad request". */
    public void badRequestsNameTheUser(boolean naming) {
        badRequestsNameTheUser = naming;
    }

    @Override
    public void reset() {
        badRequestsNameTheUser = true;
        identifierConflictsFail = false;
        identifiers.clear();
    }

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
        return List.of(UPSERT, DELETE);
    }

    @Override
    public Answer handle(HttpExchange exchange, byte[] body) throws IOException {
        String partner = exchange.getRequestHeaders().getFirst("X-PARTNER-NAME");
        String token = exchange.getRequestHeaders().getFirst("X-REQUEST-TOKEN");
        if (!PARTNER.equals(partner)) {
            return new Answer(400, "{\"success\":false,\"message\":\"Partner is invalid.\"}", null);
        }
        if (!TOKEN.equals(token)) {
            return new Answer(401, "{\"success\":false,\"message\":\"Partner token authentication failed.\"}", null);
        }
        if (body.length > 5_000_000) {
            return Answer.refused(400, "request body is bigger than maximum allowed size 5,000,000 bytes");
        }
        JsonNode request = JSON.readTree(body);
        if (exchange.getRequestURI().getPath().equals(DELETE)) {
            return request.path("identifiers").isObject() && !request.path("identifiers").isEmpty()
                    ? new Answer(200, "{\"success\":true}", request)
                    : Answer.refused(400, "identifiers must be defined: bad request");
        }
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
                return Answer.refused(400, badRequestsNameTheUser ? "users." + i + " must have attributes or events: bad request"
                        : "bad request");
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
        if (path.equals(DELETE)) {
            return List.of(); // deleted, not sent a value
        }
        List<String> users = new ArrayList<>();
        accepted.path("users").forEach(user -> users.add(user.at("/identifiers/uuid").asText()));
        return users;
    }

    /**
     * The users without errors, by their first identifier (uuid, email, phone_number): their attributes, custom
     * ones as {@code custom.<name>}.
     */
    @Override
    public Map<String, ObjectNode> upserts(String path, JsonNode accepted) {
        Map<String, ObjectNode> upserts = new java.util.LinkedHashMap<>();
        if (path.equals(DELETE)) {
            return upserts;
        }
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

    /** As {@link SimulatedDestination#apply}, except that an array is appended to the one held unless the user says not to. */
    @Override
    public void apply(String path, JsonNode accepted, Map<String, ObjectNode> held) {
        if (path.equals(DELETE)) {
            held.remove(userKey(accepted));
            identifiers.remove(userKey(accepted));
            return;
        }
        Map<String, Boolean> appending = new java.util.HashMap<>();
        accepted.path("users").forEach(user -> appending.put(userKey(user), appends(user)));
        Map<String, JsonNode> identifiersSent = new java.util.HashMap<>();
        accepted.path("users").forEach(user -> identifiersSent.put(userKey(user), user.path("identifiers")));
        upserts(path, accepted).forEach((user, attributes) -> {
            ObjectNode profile = held.computeIfAbsent(user, key -> JSON.createObjectNode());
            Map<String, String> holding = identifiers.computeIfAbsent(user, key -> new java.util.concurrent.ConcurrentHashMap<>());
            for (String name : IDENTIFIERS) {
                JsonNode value = identifiersSent.get(user).path(name);
                // upsert: it "will not change an existing identifier"; it adds one the profile lacks
                if (value.isTextual() && !user.equals(value.asText()) && holding.putIfAbsent(name, value.asText()) == null) {
                    profile.put("identifiers." + name, value.asText());
                }
            }
            attributes.fields().forEachRemaining(field -> {
                JsonNode before = profile.get(field.getKey());
                if (field.getValue().isNull()) {
                    profile.remove(field.getKey());
                } else if (field.getValue().isArray() && before != null && before.isArray() && appending.get(user)) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) before).addAll(
                            (com.fasterxml.jackson.databind.node.ArrayNode) field.getValue());
                } else {
                    profile.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        });
    }

    /** upsert, Attributes: append by default; {@code append} wins over {@code not_append}. */
    private static boolean appends(JsonNode user) {
        if (user.has("append")) {
            return user.get("append").asBoolean(true);
        }
        return !user.path("not_append").asBoolean(false);
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

    private void check(JsonNode user, String path, Map<String, List<String>> errors) {
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
        if (identifierConflictsFail) {
            Map<String, String> held = this.identifiers.getOrDefault(userKey(user), Map.of());
            for (String name : IDENTIFIERS) {
                String value = identifiers.path(name).asText(null);
                if (value != null && held.containsKey(name) && !held.get(name).equals(value)) {
                    errors.computeIfAbsent(path + ".identifiers.unification", key -> new ArrayList<>())
                            .add(name + " differs from the identifier the profile holds");
                }
            }
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
