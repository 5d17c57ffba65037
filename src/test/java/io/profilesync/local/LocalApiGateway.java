package io.profilesync.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.profilesync.testing.Fixtures;

/**
 * What API Gateway's HTTP API does in front of a function, on loopback: each HTTP request becomes a payload 2.0
 * event, the function's answer becomes the HTTP response. As in AWS, a request body over the 10 MB payload
 * limit is answered {@code 413} without invoking the function.
 */
final class LocalApiGateway implements AutoCloseable {

    /** API Gateway's HTTP API request payload quota, "10 MB", taken as MiB. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final byte[] TOO_LARGE = "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Function<String, JsonNode> function;

    /** @param function invokes the function with an HTTP API event and answers its response */
    LocalApiGateway(Function<String, JsonNode> function) throws IOException {
        this.function = function;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::forward);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try {
            byte[] body = body(exchange);
            if (body == null) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                answer(exchange, 413, TOO_LARGE);
                return;
            }
            JsonNode response = function.apply(event(exchange, body));
            response.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders().set(h.getKey(), h.getValue().asText()));
            answer(exchange, response.path("statusCode").asInt(500), response.path("body").asText("").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
            throw e;
        }
    }

    /** The request body, or null when it is over the payload limit (then read to its end and dropped, so the client gets the answer). */
    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            byte[] body = length != null && Long.parseLong(length.strip()) > MAX_PAYLOAD_BYTES
                    ? null : in.readNBytes(MAX_PAYLOAD_BYTES + 1);
            if (body != null && body.length <= MAX_PAYLOAD_BYTES) {
                return body;
            }
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
    }

    private static String event(HttpExchange exchange, byte[] body) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.event("apigw-http-v2.json"));
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        event.put("rawPath", path);
        event.put("rawQueryString", query == null ? "" : query);
        ObjectNode parameters = event.putObject("queryStringParameters");
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        event.remove("pathParameters");
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("timeEpoch", System.currentTimeMillis());
        ((ObjectNode) context.get("http")).put("method", exchange.getRequestMethod()).put("path", path)
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        return event.toString();
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
