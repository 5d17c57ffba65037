package io.profilesync.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.metrics.Metrics;
import io.profilesync.run.BatchOutcome;

/** What a recorded outcome adds to the metrics. */
class DeliveryMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics("poster", true, lines::add, () -> 0);

    private static BatchOutcome outcome(String status, int delivered, int failed, int unconfirmed, long callMicros) {
        return new BatchOutcome("r1", "insider", "users", 1, status, delivered + failed + unconfirmed, delivered, failed,
                unconfirmed, 0, List.of(), 200, null, 1, callMicros, false, null, "s3://drop/incoming/a.csv",
                "runs/r1/batches/insider/users-000001.json", "2026-01-01T00:00:00Z", null);
    }

    @Test
    void anAnsweredBatchCountsItsUsersAndTheCallsLatency() throws Exception {
        metrics.emit(DeliveryMetrics.line(metrics.destination("insider"), outcome(BatchOutcome.PARTIAL, 997, 2, 1, 1_500_250)));

        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("insider", line.get("Destination").asText());
        assertEquals(997, line.get("UsersDelivered").asLong());
        assertEquals(2, line.get("UsersFailed").asLong());
        assertEquals(1, line.get("UsersUnconfirmed").asLong());
        assertEquals(1500.25, line.get("DestinationCallLatency").asDouble(), 1e-9);
        assertEquals("Milliseconds", line.at("/_aws/CloudWatchMetrics/0/Metrics/3/Unit").asText());
    }

    @Test
    void aSubmittedFileCountsNoUsersUntilItIsProcessed() throws Exception {
        metrics.emit(DeliveryMetrics.line(metrics.destination("evergage"), outcome(BatchOutcome.SUBMITTED, 0, 0, 1_000, 900_000)));

        JsonNode submitted = JSON.readTree(lines.get(0));
        assertFalse(submitted.has("UsersUnconfirmed"), "counted once, when the file's outcome is known: " + submitted);
        assertFalse(submitted.has("UsersDelivered"), submitted.toString());
    }

    @Test
    void aPendingOrHeldBatchCountsNoUsers() throws Exception {
        metrics.emit(DeliveryMetrics.line(metrics.destination("xtremepush"), outcome(BatchOutcome.PENDING, 0, 0, 0, 80_000)));
        metrics.emit(DeliveryMetrics.line(metrics.destination("xtremepush"), outcome(BatchOutcome.HELD, 0, 0, 0, 0)));

        assertEquals(1, lines.size(), "a held batch made no call and counts nobody: " + lines);
        JsonNode pending = JSON.readTree(lines.get(0));
        assertFalse(pending.has("UsersDelivered"), pending.toString());
        assertEquals(80.0, pending.get("DestinationCallLatency").asDouble(), 1e-9);
    }
}
