package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An AWS service on loopback speaking its JSON protocol ({@code X-Amz-Target}, {@code application/x-amz-json-1.1})
 * for the few calls the functions make, so that the AWS SDK client of the code under test calls it exactly as in
 * AWS. A service answers each operation it knows; any other is {@code UnknownOperationException}.
 */
abstract class LocalJsonService implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    /** A status and a JSON body. */
    record Answer(int status, JsonNode body) {
    }

    LocalJsonService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers one call, or null for an operation this service does not know. */
    abstract Answer answer(String target, JsonNode request);

    static Answer error(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
        return new Answer(status, body);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Answer answer = answer(target, JSON.readTree(exchange.getRequestBody().readAllBytes()));
            if (answer == null) {
                answer = error(400, "UnknownOperationException", "not supported here: " + target);
            }
            byte[] bytes = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
