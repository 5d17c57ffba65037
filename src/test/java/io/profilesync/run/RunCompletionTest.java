package io.profilesync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.local.SqsEventSource;
import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.Fault;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitterService;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.LocalEventBridge;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A run completes by itself: the outcome that ends it (a destination task's included), or the split when there is
 * nothing to deliver, writes the report and publishes one event on EventBridge. Through the real triggers: an S3
 * event for the splitter, SQS events on the Lambda event server for the poster, the local EventBridge.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class RunCompletionTest {

    @Inject
    SplitterService splitter;

    @Inject
    ObjectMapper json;

    private DestinationSimulator simulator;
    private LocalEventBridge events;

    @BeforeEach
    void fresh() {
        simulator = DestinationSimulatorResource.fresh();
        events = LocalAwsResource.aws().events();
        events.clear();
    }

    @Test
    void theRunCompletesWhenItsLastOutcomeAnXtremepushTaskIsRecorded() throws Exception {
        StringBuilder csv = new StringBuilder("user_id,first_name\n");
        for (int user = 1; user <= 150; user++) {
            csv.append("u").append(user).append(",Name").append(user).append('\n');
        }
        String runId = split("incoming/completion/task.csv", csv.toString());

        drain("insider");
        drain("evergage");
        assertTrue(events.entries().isEmpty(), "Xtremepush has not answered yet");
        queue("xtremepush").pollOnce();
        JsonNode pending = Pipeline.readJson("runs/" + runId + "/outcomes/xtremepush/users-000001.json");
        assertEquals("pending", pending.get("status").asText(), "150 rows: Xtremepush imports them as a task");
        assertTrue(events.entries().isEmpty(), "a batch pending at a destination task keeps the run open");
        drain("xtremepush");

        List<JsonNode> completed = events.details("Run Completed");
        assertEquals(1, completed.size(), events.entries().toString());
        JsonNode detail = completed.get(0);
        assertEquals(runId, detail.get("run_id").asText());
        assertEquals("succeeded", detail.get("status").asText());
        assertEquals(150, detail.at("/destinations/xtremepush/delivered").asLong());
        assertEquals(150, detail.at("/destinations/insider/delivered").asLong());
        assertEquals("runs/" + runId + "/report.json", detail.at("/reports/report").asText());
        assertEquals("profile-sync", events.entries().get(0).get("Source").asText());
        JsonNode report = Pipeline.readJson("runs/" + runId + "/report.json");
        assertTrue(report.get("complete").asBoolean(), "written without invoking the report function: " + report);
        assertEquals("delivered", Pipeline.readJson("runs/" + runId + "/outcomes/xtremepush/users-000001.json")
                .get("status").asText());
    }

    @Test
    void aRunWhoseUsersFailedEndsWithRunFailed() throws Exception {
        simulator.inject("evergage", Fault.status(422));
        String runId = split("incoming/completion/failing.csv", "user_id,first_name\nu1,Ann\nu2,Bob\n");

        drain("insider");
        drain("xtremepush");
        drain("evergage");

        assertTrue(events.details("Run Completed").isEmpty(), events.entries().toString());
        JsonNode failed = events.details("Run Failed").get(0);
        assertEquals(runId, failed.get("run_id").asText());
        assertEquals(2, failed.at("/destinations/evergage/failed").asLong());
        assertEquals(2, failed.at("/destinations/insider/delivered").asLong());
    }

    @Test
    void aRedriveThatHealsAFailedRunReportsItAgainAndAnnouncesRunCompleted() throws Exception {
        Fault[] outage = new Fault[60];
        java.util.Arrays.fill(outage, Fault.status(503));
        simulator.inject("evergage", outage);
        String runId = split("incoming/completion-redrive/day.csv", "user_id,first_name\nu1,Ann\nu2,Bob\n",
                "destinations: {evergage: {}}\n");
        drain("evergage");
        assertEquals(runId, events.details("Run Failed").get(0).get("run_id").asText(), "the outage outlasted every delivery");

        // the destination is back and the breaker's delay has passed; the operator redrives the dead-letter queue
        simulator.reset();
        io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
        var sqs = LocalAwsResource.aws().sqs();
        String dlq = sqs.getQueueUrl(r -> r.queueName("evergage-batches-dlq")).queueUrl();
        var deadLetters = sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)).messages();
        assertEquals(1, deadLetters.size());
        sqs.sendMessage(r -> r.queueUrl(LocalAwsResource.queueUrl("evergage")).messageBody(deadLetters.get(0).body()));
        sqs.deleteMessage(r -> r.queueUrl(dlq).receiptHandle(deadLetters.get(0).receiptHandle()));
        drain("evergage");

        JsonNode healed = events.details("Run Completed").get(0);
        assertEquals(runId, healed.get("run_id").asText());
        assertEquals(2, healed.at("/destinations/evergage/delivered").asLong());
        assertEquals(2, Pipeline.readJson("runs/" + runId + "/report.json").at("/destinations/evergage/delivered").asLong(),
                "the report is written again without invoking the report function");
        assertEquals(1, events.details("Run Failed").size(), "the failure was announced once");
    }

    @Test
    void aRunWithNothingToDeliverCompletesAtTheSplitAndAFailedSplitAnnouncesItself() throws Exception {
        String dryRun = split("incoming/completion-dry/day.csv", "user_id,first_name\nu1,Ann\n", "dry_run: true\n");
        String empty = split("incoming/completion/empty.csv", "");

        assertEquals(List.of(dryRun), events.details("Run Completed").stream().map(d -> d.get("run_id").asText()).toList());
        JsonNode failed = events.details("Run Failed").get(0);
        assertEquals(empty, failed.get("run_id").asText());
        assertEquals("failed", failed.get("status").asText());
        assertFalse(simulator.processedUsers("insider").contains("u1"));
    }

    private String split(String key, String content) throws Exception {
        return split(key, content, null);
    }

    private String split(String key, String content, String mapping) throws Exception {
        if (mapping != null) {
            Pipeline.put("mappings/" + key.substring("incoming/".length(), key.lastIndexOf('/')) + ".yaml", mapping);
        }
        Pipeline.put(key, content);
        return splitter.handle(json.readValue(S3Events.created(LocalAwsResource.BUCKET, key), S3Event.class))
                .outcomes().get(0).runId();
    }

    private static SqsEventSource queue(String destination) {
        return new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.queueUrl(destination),
                event -> Pipeline.invoke(event).toString());
    }

    private static void drain(String destination) {
        SqsEventSource queue = queue(destination);
        queue.drain();
    }
}
