package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An EventBridge bus on loopback, speaking the service's JSON protocol ({@code X-Amz-Target: AWSEvents.PutEvents},
 * {@code application/x-amz-json-1.1}) for the one call the functions make, so that the AWS SDK client of the code
 * under test publishes exactly as in AWS; it keeps every entry it is sent. Like AWS it refuses an entry without
 * source, detail-type or detail, or whose detail is not a JSON object, and more than ten entries a call.
 */
public final class LocalEventBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> entries = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public LocalEventBridge() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!"AWSEvents.PutEvents".equals(target)) {
                answer(exchange, 400, JSON.createObjectNode().put("__type", "UnknownOperationException")
                        .put("message", "not supported here: " + target));
                return;
            }
            JsonNode sent = request.path("Entries");
            if (!sent.isArray() || sent.isEmpty() || sent.size() > 10) {
                answer(exchange, 400, JSON.createObjectNode().put("__type", "ValidationException")
                        .put("message", "Entries must hold 1 to 10 entries"));
                return;
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
            answer(exchange, 200, answer);
        }
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

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
