package io.profilesync.destination.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.local.SqsEventSource;
import io.profilesync.report.RunReporter;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitterService;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A fourth destination that lives only in this package, enabled by test configuration alone: its users go through
 * the splitter (a real S3 event), its queue and the poster (real SQS events through the Lambda event server) to
 * its simulator, and every one is accounted for in the run's outcomes and report.
 */
@QuarkusTest
@TestProfile(AcmeProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class AcmeDestinationTest {

    @Inject
    SplitterService splitter;

    @Inject
    RunReporter reporter;

    @Inject
    ObjectMapper json;

    @Test
    void acmesUsersAreSplitQueuedPostedAndRecorded() throws Exception {
        DestinationSimulator simulator = DestinationSimulatorResource.simulator();
        simulator.reset();
        Pipeline.purgeQueues();
        Pipeline.put("mappings/acme.yaml", "destinations:\n  acme: {}\n");
        Pipeline.put("incoming/acme/contacts.csv", "user_id,email\nu1,a@example.com\nu2,not-an-email\n"
                + "u3,c" + SimulatedAcme.BLOCKED_DOMAIN + "\nu4,d@example.com\nu5,e@example.com\n");

        String runId = splitter.handle(json.readValue(S3Events.created(LocalAwsResource.BUCKET, "incoming/acme/contacts.csv"),
                S3Event.class)).outcomes().get(0).runId();

        JsonNode manifest = Pipeline.readJson("runs/" + runId + "/manifest.json");
        assertEquals(List.of(AcmeDestination.NAME), names(manifest.get("destinations")), "the mapping selects Acme alone");
        JsonNode acme = manifest.at("/destinations/acme");
        assertEquals(4, acme.get("accepted").asLong());
        assertEquals(1, acme.get("rejected").asLong());
        assertEquals(2, acme.get("batches").asInt(), "Acme takes two contacts a request");
        JsonNode rejection = Pipeline.readJsonLines("runs/" + runId + "/rejected-rows.jsonl").get(0);
        assertEquals(3, rejection.get("line").asLong());
        assertEquals("email", rejection.get("rule").asText());

        SqsEventSource queue = new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.queueUrl(AcmeDestination.NAME),
                event -> Pipeline.invoke(event).toString());
        queue.drain();

        // SQS keeps no order between messages: the two batches may reach Acme either way round
        assertEquals(List.of("u1", "u3", "u4", "u5"), simulator.processedUsers(AcmeDestination.NAME).stream().sorted().toList());
        JsonNode first = Pipeline.readJson("runs/" + runId + "/outcomes/acme/users-000001.json");
        assertEquals("partial", first.get("status").asText());
        assertEquals(4, first.at("/failures/0/line").asLong(), "Acme refused u3, from line 4");
        assertTrue(first.at("/failures/0/reason").asText().contains("blocked"), first.toString());
        assertEquals("delivered", Pipeline.readJson("runs/" + runId + "/outcomes/acme/users-000002.json").get("status").asText());
        JsonNode report = reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/acme");
        assertEquals(3, report.get("delivered").asLong());
        assertEquals(1, report.get("failed").asLong());
        assertTrue(report.get("complete").asBoolean(), report.toString());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
