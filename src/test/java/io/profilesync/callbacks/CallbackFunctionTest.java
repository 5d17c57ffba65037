package io.profilesync.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.testing.Fixtures;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Insider error callbacks through the real API Gateway HTTP API event shape. */
@QuarkusTest
@TestProfile(CallbackProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class CallbackFunctionTest {

    private static final String PAYLOAD = "{\"users\":[{\"identifiers\":{\"uuid\":\"u7\",\"email\":\"fixed@example.com\"},"
            + "\"attributes\":{\"name\":\"Seven\"}}]}";

    @Inject
    CallbackReplayService replay;

    private static int days;
    private String day;

    @BeforeEach
    void clean() {
        Pipeline.purgeQueues();
        day = java.time.LocalDate.of(2031, 1, 1).plusDays(days++).toString();
    }

    @Test
    void aCallbackWithTheRightSecretIsStoredByDateAndMatchedToItsRun() {
        JsonNode response = call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "run=abc123&batch=4", PAYLOAD, false);

        assertEquals(202, response.get("statusCode").asInt());
        List<String> stored = stored();
        assertEquals(1, stored.size());
        JsonNode callback = Pipeline.readJson(stored.get(0));
        assertEquals("abc123", callback.get("run_id").asText());
        assertEquals(4, callback.get("batch").asInt());
        assertEquals("u7", callback.at("/payload/users/0/identifiers/uuid").asText());
        assertTrue(keys("runs/abc123/callbacks/").size() >= 1, "counted under its run");
    }

    @Test
    void duringARotationThePreviousSecretIsAcceptedToo() {
        JsonNode response = call("POST", "/callbacks/insider/" + CallbackProfile.PREVIOUS_SECRET, "", PAYLOAD, false);

        assertEquals(202, response.get("statusCode").asInt());
        assertEquals(1, stored().size());
    }

    @Test
    void aBase64BodyIsDecoded() {
        String encoded = Base64.getEncoder().encodeToString(PAYLOAD.getBytes(StandardCharsets.UTF_8));

        JsonNode response = call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "", encoded, true);

        assertEquals(202, response.get("statusCode").asInt());
        assertEquals("u7", Pipeline.readJson(stored().get(0)).at("/payload/users/0/identifiers/uuid").asText());
    }

    @Test
    void refusedCallbacksAreAnsweredAndNeverStored() {
        String good = "/callbacks/insider/" + CallbackProfile.SECRET;

        assertEquals(404, status(call("POST", "/callbacks/insider/wrong-secret", "", PAYLOAD, false)));
        assertEquals(404, status(call("POST", "/callbacks/insider", "", PAYLOAD, false)));
        assertEquals(405, status(call("GET", good, "", "", false)));
        assertEquals(400, status(call("POST", good, "", "{not json", false)));
        assertEquals(413, status(call("POST", good, "", "{\"users\":[\"" + "x".repeat(3_000) + "\"]}", false)));
        assertTrue(stored().isEmpty());
    }

    @Test
    void storedCallbacksAreListedAndRequeuedForDeliveryWithOneCall() {
        call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "", PAYLOAD, false);
        call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "", PAYLOAD.replace("u7", "u8"), false);

        CallbackListing listing = replay.list(new ReplayRequest("callbacks/date=" + day + "/"));
        ReplayResult result = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));

        assertEquals(2, listing.count());
        assertEquals(1, listing.callbacks().get(0).users());
        assertTrue(Pipeline.readJson("callbacks/date=" + day + "/report.json").get("count").asInt() == 2);
        assertEquals(2, result.callbacks());
        assertEquals(2, result.users());
        List<JsonNode> queued = Pipeline.drain("insider");
        assertEquals(1, queued.size());
        JsonNode batch = Pipeline.readJson(queued.get(0).get("key").asText());
        assertEquals(2, batch.get("users").size());
        assertTrue(Pipeline.readJson("runs/" + result.runId() + "/manifest.json").at("/vendors/insider/accepted").asLong() == 2);
    }

    private JsonNode call(String method, String path, String query, String body, boolean base64) {
        ObjectNode event = (ObjectNode) Pipeline.parse(Fixtures.event("apigw-http-v2.json"));
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ObjectNode parameters = event.putObject("queryStringParameters");
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            parameters.put(pair.split("=")[0], pair.split("=")[1]);
        }
        event.remove("pathParameters");
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("timeEpoch", java.time.LocalDate.parse(day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() + 1000);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path);
        return Pipeline.invoke(event.toString());
    }

    private static int status(JsonNode response) {
        return response.get("statusCode").asInt();
    }

    private List<String> stored() {
        return keys("callbacks/date=" + day + "/");
    }

    private static List<String> keys(String prefix) {
        return LocalAwsResource.aws().s3().listObjectsV2Paginator(r -> r.bucket(LocalAwsResource.BUCKET).prefix(prefix))
                .contents().stream().map(S3Object::key).toList();
    }
}
