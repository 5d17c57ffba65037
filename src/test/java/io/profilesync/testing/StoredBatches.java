package io.profilesync.testing;

import java.util.UUID;
import java.util.stream.LongStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.LineRanges;
import io.profilesync.queue.BatchMessage;

/** Batches stored as the splitter stores them, delivered to the poster in the real SQS event shape. */
public final class StoredBatches {

    private StoredBatches() {
    }

    /** Stores a batch body as the splitter would, with its users on lines 10, 11, 12, ... */
    public static BatchMessage store(String runId, String destination, int number, JsonNode body, int items) {
        String key = "runs/" + runId + "/batches/" + destination + "/users-" + String.format("%06d", number) + ".json";
        Pipeline.put(key, body.toString());
        LineRanges lines = LineRanges.of(LongStream.range(10, 10 + items).toArray());
        return new BatchMessage(runId, destination, "users", number, LocalAwsResource.BUCKET, key, 10, 10 + items - 1L, items,
                "s3://" + LocalAwsResource.BUCKET + "/incoming/test.csv", lines, null, 0);
    }

    /** Invokes the poster with an SQS event holding the batch's message, delivered for the {@code receiveCount}-th time. */
    public static JsonNode deliver(BatchMessage batch, int receiveCount) {
        ObjectNode event = (ObjectNode) Pipeline.parse(Fixtures.event("sqs-message.json"));
        ObjectNode record = (ObjectNode) event.get("Records").get(0);
        record.put("messageId", UUID.randomUUID().toString());
        record.put("body", json(batch));
        ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount", Integer.toString(receiveCount));
        return Pipeline.invoke(event.toString());
    }

    public static JsonNode outcome(BatchMessage batch) {
        return Pipeline.readJson("runs/" + batch.runId() + "/outcomes/" + batch.destination() + "/users-"
                + String.format("%06d", batch.batch()) + ".json");
    }

    public static String json(BatchMessage batch) {
        try {
            return Pipeline.JSON.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
