package io.profilesync.destination.xtremepush;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.profilesync.simulator.SimulatedDestination;

/**
 * Xtremepush's profile import and Task Info. Each rule it enforces names its line in the pages kept in
 * {@code shared/vendor-docs} ("import" is xtremepush-profile-import.txt, "conventions" xtremepush-api-conventions.txt):
 * <ul>
 * <li>conventions, Endpoints: the app token in the body as {@code apptoken}; Status codes: "400 invalid request
 * (also: no authentication)" for a missing one, "401 authentication failed" for a wrong one.</li>
 * <li>conventions, Responses: every answer is the envelope {@code code}, {@code success}, {@code message},
 * {@code model} for one object.</li>
 * <li>import: "You must set a user_id" (or a device_id, for anonymous profiles); "if setting email or
 * mobile_number, the email and SMS subscription status must also be set"; "limit ... to 10,000 records in a
 * single request"; "when 100 records or more are given" the import is asynchronous: 202 and a task id; it is used
 * "to import or update the system fields for user profiles", so a row's email and mobile_number replace the ones its
 * user_id's profile holds.</li>
 * <li>conventions, Tasks: Task Info ({@code /api/external/info/task}, {@code id}) answers the task in
 * {@code model}.</li>
 * </ul>
 * <b>Assumptions</b> (no page states them; the first is a setting, so a test can run against the other plausible
 * answer):
 * <ul>
 * <li>{@link #taskStatuses}: the names of a task's states ("The exact names of a task's status values are not
 * shown"): by default {@code processing} once, then {@code completed}.</li>
 * <li>A request that breaks a rule is refused as a whole with 400 {@code invalid request: <rule>}: the import
 * documents no per-row result.</li>
 * <li>The task id of a 202 is in {@code model.id}, where the conventions put a created object.</li>
 * </ul>
 */
public final class SimulatedXtremepush implements SimulatedDestination {

    public static final String APP_TOKEN = "xtremepush-test-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK_INFO = "/api/external/info/task";

    private final AtomicInteger tasks = new AtomicInteger();
    private final Map<String, Integer> taskChecks = new ConcurrentHashMap<>();
    private volatile String appToken = APP_TOKEN;
    private volatile List<String> taskStatuses = DEFAULT_TASK_STATUSES;

    /** The assumed names of a task's states. */
    private static final List<String> DEFAULT_TASK_STATUSES = List.of("processing", "completed");

    /**
     * Assumption: the states Task Info reports for a task, one per check, the last one repeated from then on
     * (a status profile-sync does not know, such as {@code imported}, tries the other plausible answer).
     */
    public void taskStatuses(String... statuses) {
        taskStatuses = List.of(statuses);
    }

    /** Xtremepush accepts only this app token from now on, as after a rotation by its support. */
    public void rotateAppToken(String token) {
        appToken = token;
    }

    @Override
    public void reset() {
        appToken = APP_TOKEN;
        taskStatuses = DEFAULT_TASK_STATUSES;
    }

    @Override
    public Map<String, String> credentials() {
        return Map.of("profile-sync.xtremepush.app-token", APP_TOKEN);
    }

    @Override
    public String name() {
        return "xtremepush";
    }

    @Override
    public List<String> paths() {
        return List.of("/api/external/import/profile", TASK_INFO);
    }

    @Override
    public Answer handle(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        if (request.path("apptoken").asText().isEmpty()) {
            return refused(400, "no authentication: apptoken is required");
        }
        if (!appToken.equals(request.path("apptoken").asText())) {
            return refused(401, "authentication failed");
        }
        if (exchange.getRequestURI().getPath().equals(TASK_INFO)) {
            String id = request.path("id").asText();
            int checks = taskChecks.merge(id, 1, Integer::sum);
            List<String> statuses = taskStatuses;
            String status = statuses.get(Math.min(checks, statuses.size()) - 1);
            return new Answer(200, "{\"code\":200,\"success\":true,\"model\":{\"id\":\"" + id
                    + "\",\"identifier\":\"profile_import\",\"status\":\"" + status + "\"}}", null);
        }
        List<String> columns = new ArrayList<>();
        request.path("columns").forEach(column -> columns.add(column.asText()));
        JsonNode rows = request.path("rows");
        String problem = problem(columns, rows);
        if (problem != null) {
            return refused(400, "invalid request: " + problem);
        }
        if (rows.size() >= 100) {
            String task = "task-" + tasks.incrementAndGet();
            return new Answer(202, "{\"code\":202,\"success\":true,\"model\":{\"id\":\"" + task + "\"}}", request);
        }
        return new Answer(200, "{\"code\":200,\"success\":true}", request);
    }

    @Override
    public List<String> users(String path, JsonNode accepted) {
        List<String> columns = new ArrayList<>();
        accepted.path("columns").forEach(column -> columns.add(column.asText()));
        int id = columns.contains("user_id") ? columns.indexOf("user_id") : columns.indexOf("device_id");
        List<String> users = new ArrayList<>();
        accepted.path("rows").forEach(row -> users.add(row.get(id).asText()));
        return users;
    }

    /** A row sets its columns; a null in a row erases the attribute (so profile-sync must never send one for a blank). */
    @Override
    public Map<String, ObjectNode> upserts(String path, JsonNode accepted) {
        List<String> columns = new ArrayList<>();
        accepted.path("columns").forEach(column -> columns.add(column.asText()));
        int id = columns.contains("user_id") ? columns.indexOf("user_id") : columns.indexOf("device_id");
        Map<String, ObjectNode> upserts = new java.util.LinkedHashMap<>();
        accepted.path("rows").forEach(row -> {
            ObjectNode profile = JSON.createObjectNode();
            for (int i = 0; i < columns.size(); i++) {
                if (i != id) {
                    profile.set(columns.get(i), row.get(i));
                }
            }
            upserts.put(row.get(id).asText(), profile);
        });
        return upserts;
    }

    private static String problem(List<String> columns, JsonNode rows) {
        if (!columns.contains("user_id") && !columns.contains("device_id")) {
            return "a user_id (or device_id) column is required";
        }
        if (columns.contains("email") && !columns.contains("email_subscription")) {
            return "email requires email_subscription";
        }
        if (columns.contains("mobile_number") && !columns.contains("sms_subscription")) {
            return "mobile_number requires sms_subscription";
        }
        if (!rows.isArray() || rows.isEmpty() || rows.size() > 10_000) {
            return "rows must hold 1 to 10,000 records";
        }
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            if (!row.isArray() || row.size() != columns.size()) {
                return "every row must have one value per column (row " + r + ")";
            }
            if (blank(row, columns, "user_id") && blank(row, columns, "device_id")) {
                return "row " + r + " has no user_id (or device_id)";
            }
            if (!blank(row, columns, "email") && blank(row, columns, "email_subscription")) {
                return "row " + r + ": email requires email_subscription";
            }
            if (!blank(row, columns, "mobile_number") && blank(row, columns, "sms_subscription")) {
                return "row " + r + ": mobile_number requires sms_subscription";
            }
        }
        return null;
    }

    /** Whether the row has no value for the column (absent, null or empty). */
    private static boolean blank(JsonNode row, List<String> columns, String column) {
        int index = columns.indexOf(column);
        return index < 0 || row.get(index).isNull() || row.get(index).asText().isEmpty();
    }

    /** A refusal in the envelope every Xtremepush answer uses. */
    private static Answer refused(int status, String message) {
        return new Answer(status, JSON.createObjectNode().put("code", status).put("success", false).put("message", message)
                .toString(), null);
    }
}
