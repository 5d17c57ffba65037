package io.profilesync.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.queue.BatchMessage;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.StoredBatches;
import io.profilesync.destination.xtremepush.SimulatedXtremepush;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Credentials come from their secret at first use, not at start, and a rotation is picked up without a new
 * deployment: a destination's 401 makes the poster read the secret again before it gives up.
 */
@QuarkusTest
@TestProfile(SecretsProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class CredentialRotationTest {

    @Test
    void aTokenPutInTheSecretAfterStartIsUsedAndARotationIsPickedUpOnThe401() {
        DestinationSimulator simulator = DestinationSimulatorResource.simulator();
        simulator.reset();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        // the function has started (Quarkus is up) before the operator puts the token in the secret
        LocalAwsResource.aws().secrets().put(SecretsProfile.XTREMEPUSH_SECRET,
                "{\"app-token\":\"" + SimulatedXtremepush.APP_TOKEN + "\"}");

        BatchMessage first = xtremepushBatch(runId, 1);
        StoredBatches.deliver(first, 1);
        assertEquals("delivered", StoredBatches.outcome(first).get("status").asText());

        simulator.destination(SimulatedXtremepush.class).rotateAppToken("rotated-token");
        LocalAwsResource.aws().secrets().put(SecretsProfile.XTREMEPUSH_SECRET, "{\"app-token\":\"rotated-token\"}");
        BatchMessage second = xtremepushBatch(runId, 2);
        JsonNode response = StoredBatches.deliver(second, 1);

        assertEquals(0, response.get("batchItemFailures").size());
        assertEquals("delivered", StoredBatches.outcome(second).get("status").asText(), "the cached token got a 401; the secret was read again");
        assertEquals(2, simulator.accepted("xtremepush").size());
    }

    private static BatchMessage xtremepushBatch(String runId, int number) {
        ObjectNode body = Pipeline.JSON.createObjectNode();
        body.putArray("columns").add("user_id");
        body.putArray("rows").addArray().add("u" + number);
        return StoredBatches.store(runId, "xtremepush", number, body, 1);
    }
}
