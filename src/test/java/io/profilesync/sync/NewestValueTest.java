package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.callbacks.CallbackReplayService;
import io.profilesync.callbacks.ReplayRequest;
import io.profilesync.callbacks.ReplayResult;
import io.profilesync.poster.PosterProfile;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.LocalEventBridge;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The documented recovery after a newer run: a batch dead-lettered while the destination was down is redriven after the
 * next file was delivered. Its users the newer file holds are not posted (the consent regression the redrive would
 * otherwise cause), its others are; the older run's report, event and page count them {@code stale}. Through the
 * real triggers (S3 events, SQS events from the queues' real messages), the simulated destinations and the local EventBridge.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class NewestValueTest extends SyncTest {

    @Inject
    CallbackReplayService replay;

    @Test
    void aRedriveAfterANewerRunPostsOnlyWhatTheNewerRunDoesNotHold() {
        LocalEventBridge events = LocalAwsResource.aws().events();
        events.clear();
        PlayedQueues queues = new PlayedQueues(simulator, List.of("insider"), 3);
        Pipeline.purgeQueues();
        String tuesday = runs.split("incoming/consent/tuesday.csv", "user_id,sms_optin_text\nu1,yes\nu2,kept\n",
                Instant.parse("2026-12-01T08:00:00Z"));
        SyncRuns.drainQueuesExcept("insider");
        queues.collect();
        for (int delivery = 0; delivery < 3; delivery++) {
            queues.play(PlayedQueues.Step.FAIL_DELIVERY, 0); // Insider is unreachable: the batch ends in the DLQ
        }
        assertEquals(1, queues.deadLetters());

        runs.split("incoming/consent/wednesday.csv", "user_id,sms_optin_text\nu1,no\n", Instant.parse("2026-12-02T08:00:00Z"));
        SyncRuns.drainQueuesExcept("insider");
        queues.collect();
        queues.drain(); // Wednesday's batch, then the redriven one of Tuesday

        assertEquals("no", simulator.holdings("insider").get("u1").path("custom.sms_optin_text").asText(),
                "the newer file's opt-out stands");
        assertEquals("kept", simulator.holdings("insider").get("u2").path("custom.sms_optin_text").asText(),
                "what the newer file does not hold is delivered by the redrive");
        assertEquals(List.of("u1", "u2"), simulator.upserts("insider").stream().map(upsert -> upsert.getKey())
                .sorted().toList(), "Tuesday's u1 never reaches Insider: " + simulator.upserts("insider"));
        JsonNode report = reporter.report(LocalAwsResource.BUCKET, tuesday);
        JsonNode insider = report.at("/destinations/insider");
        assertEquals(1, insider.path("stale").asLong(), report.toPrettyString());
        assertEquals(1, insider.path("delivered").asLong(), report.toPrettyString());
        assertTrue(insider.path("complete").asBoolean(), "delivered + stale + ... add up: " + report.toPrettyString());
        assertTrue(Pipeline.readText(report.path("report_html").asText()).contains("stale 1"), "the page shows them");
        JsonNode completed = events.details("Run Completed").stream()
                .filter(event -> event.path("run_id").asText().equals(tuesday)).findFirst().orElseThrow();
        assertEquals(1, completed.at("/destinations/insider/stale").asLong(), completed.toPrettyString());
    }

    @Test
    void aReplayedCallbackNeverOverwritesWhatANewerFileSent() {
        Pipeline.purgeQueues();
        String tuesday = runs.split("incoming/replayed/tuesday.csv", "user_id,sms_optin_text\nu1,yes\nu2,kept\n",
                Instant.parse("2026-12-01T08:00:00Z"));
        SyncRuns.drainQueues();
        // Insider calls back about both users of Tuesday's batch; the operator fixes the stored callback's payload
        String sent = Pipeline.readText("runs/" + tuesday + "/batches/insider/users-000001.json");
        Pipeline.put("callbacks/date=2026-12-03/1-tuesday.json", "{\"run_id\":\"" + tuesday + "\",\"batch\":1,\"payload\":"
                + sent.replace("\"yes\"", "\"fixed\"").replace("\"kept\"", "\"fixed\"") + "}");
        runs.split("incoming/replayed/wednesday.csv", "user_id,sms_optin_text\nu1,no\n", Instant.parse("2026-12-02T08:00:00Z"));
        SyncRuns.drainQueues();

        ReplayResult replayed = replay.replay(new ReplayRequest("callbacks/date=2026-12-03/"));
        SyncRuns.drainQueues();

        assertEquals(List.of(2L, 0L), List.of(replayed.users(), replayed.refused()));
        assertEquals("no", simulator.holdings("insider").get("u1").path("custom.sms_optin_text").asText(),
                "Wednesday's file holds u1: the replay of Tuesday's value is stale");
        assertEquals("fixed", simulator.holdings("insider").get("u2").path("custom.sms_optin_text").asText(),
                "what no newer file holds is replayed");
        JsonNode insider = reporter.report(LocalAwsResource.BUCKET, replayed.runId()).at("/destinations/insider");
        assertEquals(List.of(1L, 1L), List.of(insider.path("stale").asLong(), insider.path("delivered").asLong()), insider.toString());

        // Insider calls back about the replay's own batch, and that is replayed: it keeps Tuesday's place
        String replayedBatch = Pipeline.readText("runs/" + replayed.runId() + "/batches/insider/users-000001.json");
        Pipeline.put("callbacks/date=2026-12-04/1-replay.json", "{\"run_id\":\"" + replayed.runId() + "\",\"batch\":1,"
                + "\"payload\":" + replayedBatch.replace("\"fixed\"", "\"again\"") + "}");
        ReplayResult again = replay.replay(new ReplayRequest("callbacks/date=2026-12-04/"));
        SyncRuns.drainQueues();

        assertEquals(List.of(2L, 0L), List.of(again.users(), again.refused()));
        assertEquals("no", simulator.holdings("insider").get("u1").path("custom.sms_optin_text").asText(),
                "a replay of the replay is as stale for u1");
        assertEquals("again", simulator.holdings("insider").get("u2").path("custom.sms_optin_text").asText());
    }
}
