package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.Pipeline;

/** The local API gateway in front of the callbacks function: API Gateway's payload limit, as AWS applies it. */
class LocalApiGatewayTest {

    private final List<JsonNode> invocations = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private LocalApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new LocalApiGateway(event -> {
            synchronized (invocations) {
                invocations.add(Pipeline.parse(event));
            }
            return Pipeline.parse("{\"statusCode\":202,\"body\":\"stored\"}");
        });
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aBodyOverTheLimitIsAnswered413WithoutInvokingTheFunction() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(new byte[LocalApiGateway.MAX_PAYLOAD_BYTES + 1]));

        assertEquals(413, response.statusCode());
        assertEquals("Request Entity Too Large", Pipeline.parse(response.body()).get("message").asText());
        assertEquals(List.of(), invocations);
    }

    @Test
    void aChunkedBodyOverTheLimitIsAnswered413WithoutInvokingTheFunction() throws Exception {
        byte[] body = new byte[LocalApiGateway.MAX_PAYLOAD_BYTES + 1];

        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertEquals(413, response.statusCode());
        assertEquals(List.of(), invocations);
    }

    @Test
    void aBodyAtTheLimitReachesTheFunction() throws Exception {
        byte[] body = new byte[LocalApiGateway.MAX_PAYLOAD_BYTES];
        body[body.length - 1] = 'x';

        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(body));

        assertEquals(202, response.statusCode());
        assertEquals("stored", response.body());
        assertEquals(1, invocations.size());
        assertArrayEquals(body, Base64.getDecoder().decode(invocations.get(0).get("body").asText()));
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/callbacks/insider/secret?run=r1"))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
