package io.profilesync.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

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

    private static final String U7 = "{\"identifiers\":{\"uuid\":\"u7\",\"email\":\"seven@example.com\"},\"attributes\":{\"name\":\"Seven\"}}";
    private static final String U8 = U7.replace("u7", "u8").replace("seven@", "eight@");
    private static final String PAYLOAD = "{\"users\":[" + U7.replace("seven@", "fixed@") + "]}";
    private static final String CALLER = "203.0.113.7";

    @Inject
    CallbackReplayService replay;

    private static int days;
    private String day;
    private String run;

    @BeforeEach
    void clean() {
        Pipeline.purgeQueues();
        day = java.time.LocalDate.of(2031, 1, 1).plusDays(days++).toString();
        run = "run-" + day;
        // batch 4 of the run, as the splitter stores it: the users it sent Insider; its manifest names no sync (its
        // batches are posted in no order, as a replay's own: sync.NewestValueTest replays a sync's run)
        Pipeline.put("runs/" + run + "/batches/insider/users-000004.json", "{\"users\":[" + U7 + "," + U8 + "]}");
        Pipeline.put("runs/" + run + "/manifest.json", "{\"run_id\":\"" + run + "\"}");
    }

    @Test
    void aCallbackNamingABatchItsRunSentIsStoredByDateAndUnderItsRunWithTheCallersAddress() {
        JsonNode response = call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "run=" + run + "&batch=4", PAYLOAD, false);

        assertEquals(202, response.get("statusCode").asInt());
        List<String> stored = stored();
        assertEquals(1, stored.size());
        JsonNode callback = Pipeline.readJson(stored.get(0));
        assertEquals(run, callback.get("run_id").asText());
        assertEquals(4, callback.get("batch").asInt());
        assertEquals(CALLER, callback.get("source_ip").asText());
        assertEquals("runs/" + run + "/batches/insider/users-000004.json", callback.get("sent_batch").asText());
        assertEquals("u7", callback.at("/payload/users/0/identifiers/uuid").asText());
        assertEquals(1, keys("runs/" + run + "/callbacks/").size(), "counted under its run");
    }

    @Test
    void aCallbackNamingARunOrBatchThatDoesNotExistIsKeptByDateOnlyAndNeverReplayed() {
        String secret = "/callbacks/insider/" + CallbackProfile.SECRET;

        assertEquals(202, status(call("POST", secret, "run=no-such-run&batch=4", PAYLOAD, false)));
        assertEquals(202, status(call("POST", secret, "run=" + run + "&batch=5", PAYLOAD, false)));
        assertEquals(202, status(call("POST", secret, "run=..%2Fstate&batch=4", PAYLOAD, false)));
        assertEquals(202, status(call("POST", secret, "", PAYLOAD, false)));
        ReplayResult result = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));

        assertEquals(4, stored().size());
        assertTrue(stored().stream().map(Pipeline::readJson).allMatch(callback -> callback.get("sent_batch").isNull()));
        assertTrue(keys("runs/no-such-run/").isEmpty(), "no caller makes a run's folder");
        assertTrue(keys("runs/" + run + "/callbacks/").isEmpty());
        assertEquals(List.of(4L, 4L, 0), List.of(result.users(), result.refused(), result.batches()));
        assertTrue(Pipeline.drain("insider").isEmpty(), "nothing reaches Insider");
        List<JsonNode> rejected = Pipeline.readJsonLines("runs/" + result.runId() + "/rejected-rows.jsonl");
        assertEquals(List.of("sent(batch)"), rejected.stream().map(line -> line.get("rule").asText()).distinct().toList());
    }

    @Test
    void onlyUsersTheNamedBatchCarriedAreReplayedAndEachIsMappedAgain() {
        String url = "/callbacks/insider/" + CallbackProfile.SECRET;
        String stranger = U7.replace("u7", "u9");
        String badEmail = U8.replace("eight@example.com", "eight-at-example");
        call("POST", url, "run=" + run + "&batch=4", "{\"users\":[" + U7.replace("Seven", "Seven Fixed") + "," + stranger + "]}", false);
        call("POST", url, "run=" + run + "&batch=4", badEmail, false);

        ReplayResult result = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));

        assertEquals(List.of(3L, 2L, 1), List.of(result.users(), result.refused(), result.batches()));
        List<JsonNode> queued = Pipeline.drain("insider");
        assertEquals(1, queued.size());
        JsonNode batch = Pipeline.readJson(queued.get(0).get("key").asText());
        assertEquals(1, batch.get("users").size());
        assertEquals("Seven Fixed", batch.at("/users/0/attributes/name").asText(), "the edit is sent");
        List<JsonNode> rejected = Pipeline.readJsonLines("runs/" + result.runId() + "/rejected-rows.jsonl");
        assertEquals(List.of("regexp(^.+@.+\\..+$)", "sent(user)"), rejected.stream().map(line -> line.get("rule").asText()).sorted().toList());
        assertFalse(rejected.toString().contains("eight-at-example"), "values in the report are masked");
        JsonNode manifest = Pipeline.readJson("runs/" + result.runId() + "/manifest.json");
        assertEquals(List.of(3L, 1L, 2L), List.of(manifest.at("/destinations/insider/rows").asLong(),
                manifest.at("/destinations/insider/accepted").asLong(), manifest.at("/destinations/insider/rejected").asLong()));
    }

    @Test
    void aUserOfARunWithoutAManifestOrForgottenByItsSyncIsNotReplayed() {
        String url = "/callbacks/insider/" + CallbackProfile.SECRET;
        String forgotten = run + "-forgotten";
        String splitting = run + "-splitting";
        for (String other : List.of(forgotten, splitting)) {
            Pipeline.put("runs/" + other + "/batches/insider/users-000001.json", "{\"users\":[" + U7 + "]}");
            call("POST", url, "run=" + other + "&batch=1", PAYLOAD, false);
        }
        // older than profile-sync.sync.run-retention: its sync's order no longer lists it
        Pipeline.put("runs/" + forgotten + "/manifest.json", "{\"run_id\":\"" + forgotten + "\",\"sync\":\"crm\"}");

        ReplayResult result = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));

        assertEquals(List.of(2L, 2L, 0), List.of(result.users(), result.refused(), result.batches()));
        assertTrue(Pipeline.drain("insider").isEmpty(), "whether a newer file holds them cannot be told: nothing is sent");
        List<JsonNode> rejected = Pipeline.readJsonLines("runs/" + result.runId() + "/rejected-rows.jsonl");
        assertEquals(List.of("order(run)"), rejected.stream().map(line -> line.get("rule").asText()).distinct().toList());
        assertTrue(rejected.get(0).get("message").asText().contains("a replay never overwrites a newer value"),
                rejected.get(0).toString());
    }

    @Test
    void twoReplaysInOneSecondAreTwoRunsAndBothAreQueued() {
        call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "run=" + run + "&batch=4", PAYLOAD, false);

        ReplayResult first = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));
        ReplayResult second = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));

        assertFalse(first.runId().equals(second.runId()), first.runId() + " twice: the second would overwrite the first's "
                + "batches, and be taken for a batch already posted");
        assertEquals(Stream.of(first, second).map(result -> "runs/" + result.runId() + "/batches/insider/users-000001.json")
                .sorted().toList(), Pipeline.drain("insider").stream().map(message -> message.get("key").asText()).sorted().toList());
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
    void aBodyLargerThanTheBatchItNamesPlusTheMarginIsRefusedWith413AndAPlainMessage() {
        String good = "/callbacks/insider/" + CallbackProfile.SECRET;
        int batchBytes = ("{\"users\":[" + U7 + "," + U8 + "]}").getBytes(StandardCharsets.UTF_8).length;

        JsonNode fits = call("POST", good, "run=" + run + "&batch=4", padded(batchBytes + 500), false);
        JsonNode overBatch = call("POST", good, "run=" + run + "&batch=4", padded(batchBytes + 501), false);
        JsonNode overUnmatched = call("POST", good, "run=no-such-run&batch=4", padded(501), false);
        JsonNode overAll = call("POST", good, "run=" + run + "&batch=4", padded(2001), false);

        assertEquals(202, status(fits));
        assertEquals(413, status(overBatch));
        assertEquals("{\"message\":\"the body is larger than " + (batchBytes + 500) + " bytes, the size of the batch it names plus 500\"}",
                overBatch.get("body").asText());
        assertEquals(413, status(overUnmatched));
        assertEquals("{\"message\":\"the body is larger than 500 bytes, the most a callback naming no batch a run sent may hold\"}",
                overUnmatched.get("body").asText());
        assertEquals(413, status(overAll));
        assertEquals(1, stored().size(), "only the callback that fits is stored");
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
        call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "run=" + run + "&batch=4", PAYLOAD, false);
        call("POST", "/callbacks/insider/" + CallbackProfile.SECRET, "run=" + run + "&batch=4", "{\"users\":[" + U8 + "]}", false);

        CallbackListing listing = replay.list(new ReplayRequest("callbacks/date=" + day + "/"));
        ReplayResult result = replay.replay(new ReplayRequest("callbacks/date=" + day + "/"));

        assertEquals(2, listing.count());
        assertEquals(1, listing.callbacks().get(0).users());
        assertEquals(CALLER, listing.callbacks().get(0).sourceIp());
        assertTrue(Pipeline.readJson("callbacks/date=" + day + "/report.json").get("count").asInt() == 2);
        assertEquals(List.of(2, 2L, 0L), List.of(result.callbacks(), result.users(), result.refused()));
        List<JsonNode> queued = Pipeline.drain("insider");
        assertEquals(1, queued.size());
        JsonNode batch = Pipeline.readJson(queued.get(0).get("key").asText());
        assertEquals(2, batch.get("users").size());
        assertTrue(Pipeline.readJson("runs/" + result.runId() + "/manifest.json").at("/destinations/insider/accepted").asLong() == 2);
    }

    /** A JSON object of exactly {@code bytes} bytes. */
    private static String padded(int bytes) {
        String head = "{\"users\":[],\"pad\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    private JsonNode call(String method, String path, String query, String body, boolean base64) {
        ObjectNode event = (ObjectNode) Pipeline.parse(Fixtures.event("apigw-http-v2.json"));
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ObjectNode parameters = event.putObject("queryStringParameters");
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            parameters.put(pair.split("=")[0], java.net.URLDecoder.decode(pair.split("=")[1], StandardCharsets.UTF_8));
        }
        event.remove("pathParameters");
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("timeEpoch", java.time.LocalDate.parse(day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() + 1000);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path).put("sourceIp", CALLER);
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
