package io.profilesync.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.Fixtures;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A batch that finds no rate-limit permit soon is deferred, never failed or sent over the limit. */
@QuarkusTest
@TestProfile(RateLimitProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PosterRateLimitTest {

    @Test
    @Order(1)
    void batchesBeyondTheRateAreDeferredToLaterMessages() {
        Pipeline.purgeQueues();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ObjectNode event = (ObjectNode) Pipeline.parse(Fixtures.event("sqs-message.json"));
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode sample = (ObjectNode) records.get(0);
        records.removeAll();
        for (int batch = 1; batch <= 3; batch++) {
            records.add(record(sample, run, "users", batch,
                    "{\"users\":[{\"identifiers\":{\"uuid\":\"u" + batch + "\"},\"attributes\":{\"name\":\"N\"}}]}"));
        }

        JsonNode response = Pipeline.invoke(event.toString());

        assertEquals(0, response.get("batchItemFailures").size(), "the deferred message is not a failure");
        assertEquals(1, DestinationSimulatorResource.simulator().requestTimes("insider").size(),
                "two a minute are spaced 30 s apart: one now, the others later");
        String queue = LocalAwsResource.queueUrl("insider");
        String delayed = LocalAwsResource.aws().sqs().getQueueAttributes(r -> r.queueUrl(queue)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
        assertEquals("2", delayed, "the other batches wait on the queue for their permits");
        assertEquals(List.of(), Pipeline.drain("insider"), "and is not visible before its delay");
    }

    /**
     * Deletions take permits of a pool of their own (Insider counts /api/user/v1/delete apart from upserts, 10,000 a
     * minute): with the upserts' permits spent by the test before, an upsert waits and a deletion is posted now.
     */
    @Test
    @Order(2)
    void aDeletionIsNotHeldBackByTheUpsertsRateLimit() {
        Pipeline.purgeQueues();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ObjectNode event = (ObjectNode) Pipeline.parse(Fixtures.event("sqs-message.json"));
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode sample = (ObjectNode) records.get(0);
        records.removeAll();
        records.add(record(sample, run, "users", 1, "{\"users\":[{\"identifiers\":{\"uuid\":\"u9\"},\"attributes\":{\"name\":\"N\"}}]}"));
        records.add(record(sample, run, "deletes", 1, "{\"identifiers\":{\"uuid\":\"gone\"}}"));

        JsonNode response = Pipeline.invoke(event.toString());

        assertEquals(0, response.get("batchItemFailures").size(), response.toString());
        List<String> deleted = DestinationSimulatorResource.simulator().accepted("insider").stream()
                .filter(body -> !body.has("users")).map(body -> body.at("/identifiers/uuid").asText()).toList();
        assertEquals(List.of("gone"), deleted, "the deletion went now, whatever the upserts' permits");
        assertEquals(List.of(), DestinationSimulatorResource.simulator().accepted("insider").stream()
                .filter(body -> body.at("/users/0/identifiers/uuid").asText().equals("u9")).toList(), "the upsert waits");
        Pipeline.purgeQueues();
    }

    /** The SQS record of a one-user batch of {@code stream}, its body stored. */
    private static ObjectNode record(ObjectNode sample, String run, String stream, int batch, String body) {
        String key = "runs/" + run + "/batches/insider/" + stream + "-00000" + batch + ".json";
        Pipeline.put(key, body);
        ObjectNode record = sample.deepCopy();
        record.put("messageId", stream + batch);
        record.put("body", "{\"run_id\":\"" + run + "\",\"destination\":\"insider\",\"stream\":\"" + stream + "\",\"batch\":"
                + batch + ",\"bucket\":\"" + LocalAwsResource.BUCKET + "\",\"key\":\"" + key + "\",\"first_line\":" + (batch + 1)
                + ",\"last_line\":" + (batch + 1) + ",\"items\":1,\"source\":\"s3://b/k\",\"line_ranges\":[["
                + (batch + 1) + "," + (batch + 1) + "]],\"task_id\":null,\"checks\":0}");
        return record;
    }
}
