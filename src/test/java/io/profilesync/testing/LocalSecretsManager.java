package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Secrets Manager on loopback, speaking the service's JSON protocol ({@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, {@code application/x-amz-json-1.1}) for the one call the functions make, so the
 * AWS SDK client of the code under test reads secrets exactly as in AWS. No Secrets Manager server runs in the
 * JVM without Docker, hence this small one; like AWS it answers {@code ResourceNotFoundException} for a secret
 * it does not hold. Secrets are put by the test ({@link #put}), as an operator would with the CLI.
 */
public final class LocalSecretsManager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final HttpServer server;

    public LocalSecretsManager() {
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

    /** Puts a secret's value (a new version replaces the old one, as {@code put-secret-value} does). */
    public void put(String secretId, String secretString) {
        secrets.put(secretId, secretString);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!"secretsmanager.GetSecretValue".equals(target)) {
                answer(exchange, 400, error("UnknownOperationException", "not supported here: " + target));
                return;
            }
            String id = request.path("SecretId").asText();
            String value = secrets.get(id);
            if (value == null) {
                answer(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            ObjectNode found = JSON.createObjectNode().put("ARN", id).put("Name", id).put("SecretString", value)
                    .put("VersionId", UUID.nameUUIDFromBytes(value.getBytes(StandardCharsets.UTF_8)).toString())
                    .put("CreatedDate", Instant.now().getEpochSecond());
            found.putArray("VersionStages").add("AWSCURRENT");
            answer(exchange, 200, found);
        }
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
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
