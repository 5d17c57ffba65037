package io.profilesync.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.LineRanges;
import io.profilesync.local.SqsEventSource;
import io.profilesync.queue.BatchMessage;
import io.profilesync.report.RunReporter;
import io.profilesync.simulator.Fault;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.StoredBatches;
import io.profilesync.destination.insider.SimulatedInsider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Split retries through the real SQS trigger shape: a batch with one user its destination refuses wholesale (the
 * simulators refuse the whole request, as the destinations document) is split in halves, queued, until that user is
 * alone; it is failed with the destination's reason and its line, every other user is delivered, and the report counts
 * the splits and adds up.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class SplitRetriesTest {

    /** Five users on lines 10 to 14; the one at index 3 (line 13) is bad. */
    private static final int USERS = 5;
    private static final int BAD = 3;

    @Inject
    RunReporter reporter;

    private DestinationSimulator simulator;
    private String runId;

    @BeforeEach
    void freshRun() {
        simulator = DestinationSimulatorResource.fresh();
        runId = "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void insiderUserWithIdentifiersOnlyIsIsolatedAndTheOthersDelivered() {
        assertIsolated("insider", identifiersOnlyAt(BAD), "must have attributes or events");
    }

    /** The other plausible answer to the simulator's assumption: Insider's 400 body need not name the user. */
    @Test
    void insiderUserWithIdentifiersOnlyIsIsolatedAlsoWhenTheBadRequestNamesNoUser() {
        simulator.destination(SimulatedInsider.class).badRequestsNameTheUser(false);

        assertIsolated("insider", identifiersOnlyAt(BAD), "bad request");
    }

    private static ObjectNode identifiersOnlyAt(int bad) {
        ObjectNode body = Pipeline.JSON.createObjectNode().put("skip_hook", true);
        ArrayNode users = body.putArray("users");
        for (int i = 0; i < USERS; i++) {
            ObjectNode user = users.addObject();
            user.putObject("identifiers").put("uuid", "u" + i);
            if (i != bad) {
                user.putObject("attributes").put("name", "User " + i);
            }
        }
        return body;
    }

    @Test
    void xtremepushRowWithAnEmailButNoSubscriptionIsIsolatedAndTheOthersDelivered() {
        ObjectNode body = Pipeline.JSON.createObjectNode();
        body.putArray("columns").add("user_id").add("email").add("email_subscription").add("first_name");
        ArrayNode rows = body.putArray("rows");
        for (int i = 0; i < USERS; i++) {
            ArrayNode row = rows.addArray().add("u" + i).add("u" + i + "@example.com");
            if (i == BAD) {
                row.addNull();
            } else {
                row.add(1);
            }
            row.add("Name " + i);
        }

        assertIsolated("xtremepush", body, "email requires email_subscription");
    }

    @Test
    void evergageRecordWithANonStringAttributeIsIsolatedAndTheOthersDelivered() {
        ArrayNode body = Pipeline.JSON.createArrayNode();
        for (int i = 0; i < USERS; i++) {
            ObjectNode attributes = body.addObject().put("name", "u" + i).putObject("attributes");
            if (i == BAD) {
                attributes.put("age", 33);
            } else {
                attributes.put("age", "33");
            }
        }

        assertIsolated("evergage", body, "all attributes must be sent as strings");
    }

    @Test
    void a413SplitsTheBatchAndBothHalvesAreDelivered() {
        simulator.inject("evergage", Fault.status(413));
        ArrayNode body = Pipeline.JSON.createArrayNode();
        body.addObject().put("name", "u0").putObject("attributes").put("age", "1");
        body.addObject().put("name", "u1").putObject("attributes").put("age", "2");
        BatchMessage batch = StoredBatches.store(runId, "evergage", 1, body, 2);
        manifest("evergage", 2);

        StoredBatches.deliver(batch, 1);

        assertEquals("split", outcome("evergage", "").get("status").asText());
        List<BatchMessage> parts = new ArrayList<>();
        for (JsonNode queued : Pipeline.drain("evergage")) {
            parts.add(Pipeline.JSON.convertValue(queued, BatchMessage.class));
        }
        parts.sort(java.util.Comparator.comparing(BatchMessage::part));
        assertEquals(2, parts.size(), "one level per delivery: the two halves are queued, not posted yet");
        assertEquals(List.of("1", "2"), parts.stream().map(BatchMessage::part).toList());
        assertEquals(List.of(10L, 11L), parts.stream().map(part -> LineRanges.lineAt(part.lineRanges(), 0)).toList());
        assertEquals(List.of(1, 1), parts.stream().map(BatchMessage::items).toList());
        assertEquals("runs/" + runId + "/batches/evergage/users-000001.2.json", parts.get(1).key());
        assertEquals(1, simulator.requestTimes("evergage").size());
        parts.forEach(part -> StoredBatches.deliver(part, 1));

        assertEquals("split", outcome("evergage", "").get("status").asText());
        assertEquals(413, outcome("evergage", "").get("http_status").asInt());
        assertEquals("delivered", outcome("evergage", ".1").get("status").asText());
        assertEquals("delivered", outcome("evergage", ".2").get("status").asText());
        JsonNode counts = reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/evergage");
        assertEquals(1, counts.get("splits").asInt(), counts.toString());
        assertEquals(2, counts.get("delivered").asInt(), counts.toString());
        assertTrue(counts.get("complete").asBoolean(), counts.toString());
    }

    @Test
    void aSingleUserRefusedAsAWholeIsFailedWithTheDestinationsReasonAndNotSplit() {
        ArrayNode body = Pipeline.JSON.createArrayNode();
        body.addObject().put("name", "u0").putObject("attributes").put("age", 33);
        BatchMessage batch = StoredBatches.store(runId, "evergage", 1, body, 1);

        deliverUntilDrained(batch);

        JsonNode outcome = outcome("evergage", "");
        assertEquals("failed", outcome.get("status").asText(), outcome.toString());
        assertEquals(10, outcome.at("/failures/0/line").asLong());
        assertTrue(outcome.at("/failures/0/reason").asText().contains("all attributes must be sent as strings"), outcome.toString());
        assertEquals(1, simulator.requestTimes("evergage").size(), "posted once, no parts");
        assertEquals(List.of(), Pipeline.drain("evergage"), "nothing queued");
    }

    @Test
    void aDestinationThatRefusesEveryRequestAlikeCostsThreeRequestsPerBatchWhateverItsSize() {
        simulator.faultPlan("insider", () -> Fault.refusal(400, "{\"error\":\"bad request\"}"));
        for (int size : new int[] {2, 9, 300}) {
            runId = "s" + UUID.randomUUID().toString().substring(0, 8);
            int before = simulator.requestTimes("insider").size();
            ObjectNode body = Pipeline.JSON.createObjectNode().put("skip_hook", true);
            ArrayNode users = body.putArray("users");
            for (int i = 0; i < size; i++) {
                ObjectNode user = users.addObject();
                user.putObject("identifiers").put("uuid", "u" + i);
                user.putObject("attributes").put("name", "User " + i);
            }
            BatchMessage batch = StoredBatches.store(runId, "insider", 1, body, size);
            manifest("insider", size);

            deliverUntilDrained(batch);

            assertEquals(3, simulator.requestTimes("insider").size() - before,
                    size + " users: the batch and its two halves, each refused alike, and no further split");
            assertEquals("split", outcome("insider", "").get("status").asText());
            for (String half : List.of(".1", ".2")) {
                JsonNode outcome = outcome("insider", half);
                assertEquals("failed", outcome.get("status").asText(), outcome.toString());
                assertTrue(outcome.at("/failures/0/reason").asText().contains("bad request"), outcome.toString());
            }
            JsonNode counts = reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/insider");
            assertEquals(size, counts.get("failed").asInt(), counts.toString());
            assertEquals(1, counts.get("splits").asInt(), counts.toString());
            assertEquals(counts.get("accepted").asLong(), counts.get("delivered").asLong() + counts.get("failed").asLong()
                    + counts.get("unconfirmed").asLong(), "accepted == delivered + failed + unconfirmed");
        }
    }

    @Test
    void anUnknownInsiderPartnerIsHeldNotSplitAndFailsNobody() {
        simulator.faultPlan("insider", () -> Fault.refusal(400, "{\"success\":false,\"message\":\"Partner is invalid.\"}"));
        ObjectNode body = Pipeline.JSON.createObjectNode().put("skip_hook", true);
        ArrayNode users = body.putArray("users");
        for (int i = 0; i < 40; i++) {
            users.addObject().put("insider_id", "i" + i).putObject("attributes").put("name", "User " + i);
        }
        BatchMessage batch = StoredBatches.store(runId, "insider", 1, body, 40);

        JsonNode response = StoredBatches.deliver(batch, 5);

        assertEquals(1, response.get("batchItemFailures").size(), "back to the queue, then the dead-letter queue");
        assertEquals(2, simulator.requestTimes("insider").size(), "one post, and one more after reading the credentials again");
        JsonNode held = outcome("insider", "");
        assertEquals("held", held.get("status").asText(), held.toString());
        assertEquals(0, held.get("failed").asInt());
        assertTrue(held.get("reason").asText().contains("partner name"), held.toString());
        assertEquals(List.of(), Pipeline.drain("insider"), "nothing split, nothing queued");
    }

    /**
     * Posts a batch of {@link #USERS} whose user {@link #BAD} the destination refuses wholesale, drains the destination's
     * queue as Lambda's event source does, and checks what became of every user, each part and the report.
     */
    private void assertIsolated(String destination, JsonNode body, String destinationsReason) {
        BatchMessage batch = StoredBatches.store(runId, destination, 1, body, USERS);
        manifest(destination, USERS);

        deliverUntilDrained(batch);

        // 5 users, bad at index 3: [0,1] [2,3,4] -> [2] [3,4] -> [3] [4]; parts 1, 2.1, 2.2.1 (the bad user), 2.2.2
        Map<String, String> statuses = new TreeMap<>();
        for (String key : Pipeline.keys("runs/" + runId + "/outcomes/" + destination + "/")) {
            statuses.put(key.substring(key.lastIndexOf('/') + 1), Pipeline.readJson(key).get("status").asText());
        }
        assertEquals(Map.of("users-000001.json", "split", "users-000001.1.json", "delivered", "users-000001.2.json", "split",
                "users-000001.2.1.json", "delivered", "users-000001.2.2.json", "split", "users-000001.2.2.1.json", "failed",
                "users-000001.2.2.2.json", "delivered"), statuses);
        JsonNode isolated = outcome(destination, ".2.2.1");
        assertEquals(1, isolated.get("items").asInt());
        assertEquals(400, isolated.get("http_status").asInt());
        assertEquals(13, isolated.at("/failures/0/line").asLong(), "the bad user came from line 13: " + isolated);
        assertTrue(isolated.at("/failures/0/reason").asText().contains(destinationsReason), isolated.toString());
        assertEquals("2.2.1", isolated.get("part").asText());
        assertTrue(Pipeline.keys("runs/" + runId + "/batches/" + destination + "/").contains(
                "runs/" + runId + "/batches/" + destination + "/users-000001.2.2.1.json"), "each part's body is stored next to the batch");

        List<String> delivered = new ArrayList<>(simulator.processedUsers(destination));
        delivered.sort(null);
        assertEquals(List.of("u0", "u1", "u2", "u4"), delivered, "every other user is at the destination, once");

        JsonNode report = reporter.report(LocalAwsResource.BUCKET, runId);
        JsonNode counts = report.at("/destinations/" + destination);
        assertEquals(3, counts.get("splits").asInt(), counts.toString());
        assertEquals(4, counts.get("delivered").asInt(), counts.toString());
        assertEquals(1, counts.get("failed").asInt(), counts.toString());
        assertEquals(0, counts.get("unconfirmed").asInt(), counts.toString());
        assertEquals(counts.get("accepted").asLong(), counts.get("delivered").asLong() + counts.get("failed").asLong()
                + counts.get("unconfirmed").asLong(), "accepted == delivered + failed + unconfirmed");
        assertTrue(report.get("complete").asBoolean(), report.toString());
        List<JsonNode> failedRows = Pipeline.readJsonLines("runs/" + runId + "/failed-rows.jsonl");
        assertEquals(1, failedRows.size(), failedRows.toString());
        assertEquals(13, failedRows.get(0).get("line").asLong());
    }

    /** The poster gets the batch's message in the SQS event shape, then every part it queues, until none is left. */
    private void deliverUntilDrained(BatchMessage batch) {
        JsonNode response = StoredBatches.deliver(batch, 1);
        assertEquals(0, response.get("batchItemFailures").size(), response.toString());
        SqsEventSource queue = new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.queueUrl(batch.destination()),
                event -> Pipeline.invoke(event).toString());
        queue.drain();
    }

    /** The splitter's manifest for a run of one batch: the report reads the accepted users from it. */
    private void manifest(String destination, int accepted) {
        ObjectNode manifest = Pipeline.JSON.createObjectNode().put("run_id", runId).put("status", "succeeded").put("rows", accepted);
        manifest.putObject("destinations").putObject(destination).put("rows", accepted).put("accepted", accepted).put("rejected", 0)
                .put("batches", 1);
        Pipeline.put("runs/" + runId + "/manifest.json", manifest.toString());
    }

    private JsonNode outcome(String destination, String part) {
        return Pipeline.readJson("runs/" + runId + "/outcomes/" + destination + "/users-000001" + part + ".json");
    }
}
