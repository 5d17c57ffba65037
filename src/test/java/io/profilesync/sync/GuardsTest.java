package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.report.ReportService;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.LocalEventBridge;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Guards through the real triggers (docs/sync.md, "Guards"): a file that crosses one of its sync's guards is split and
 * reported but nothing is queued, and a Run Held event names the guard; released through the report function, its
 * batches are queued and delivered and its state folds; a newer file of the sync supersedes a held run, which then
 * never reaches a destination or the state. In one piece and in chunks.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class GuardsTest extends SyncTest {

    private static final List<String> DESTINATIONS = List.of("evergage", "insider", "xtremepush");

    @Inject
    ReportService reports;

    private LocalEventBridge events;

    @BeforeEach
    void freshEvents() {
        events = LocalAwsResource.aws().events();
        events.clear();
    }

    /** {@code good} users u1.., then {@code bad} users whose age is no number (rejected for every destination). */
    private static String customers(int good, int bad, String name) {
        return customers(1, good, bad, name);
    }

    /** As {@link #customers(int, int, String)}, from user u{@code first} on. */
    private static String customers(int first, int good, int bad, String name) {
        StringBuilder csv = new StringBuilder("user_id,email,email_optin,first_name,age\n");
        for (int user = first; user < first + good + bad; user++) {
            csv.append("u").append(user).append(",user").append(user).append("@example.com,yes,").append(name)
                    .append(',').append(user < first + good ? "30" : "thirty").append('\n');
        }
        return csv.toString();
    }

    /** Nothing is waiting on any destination queue (whatever is there is taken off it). */
    private static void assertNothingQueued() {
        for (String destination : DESTINATIONS) {
            assertEquals(List.of(), Pipeline.drain(destination), destination + ": a held run queues nothing");
        }
    }

    @Test
    void aFileOverItsRejectedShareIsHeldUntilReleasedThenDeliveredAndFolded() {
        Pipeline.put("mappings/guarded.yaml", "types: {age: number}\nguards: {max_rejected_share: 10%}\n");

        JsonNode held = runs.run("incoming/guarded/day1.csv", customers(6, 4, "Ann"));

        String runId = held.get("run_id").asText();
        assertEquals("held", held.get("status").asText());
        JsonNode guard = held.at("/hold/guard");
        assertEquals("max_rejected_share", guard.get("guard").asText());
        assertEquals("evergage", guard.get("destination").asText(), "the first destination by name");
        assertEquals("evergage: rejected share 40.0% exceeds max_rejected_share 10%: 4 of 10 rows", guard.get("message").asText());
        assertNothingQueued();
        DESTINATIONS.forEach(destination -> assertTrue(simulator.processedUsers(destination).isEmpty(), destination));
        assertFalse(Pipeline.keys("runs/" + runId + "/batches/").isEmpty(), "the batches are stored");
        assertFalse(Pipeline.keys("runs/" + runId + "/messages/").isEmpty(), "their messages are kept");
        assertFalse(held.get("complete").asBoolean());
        assertTrue(Pipeline.readText("runs/" + runId + "/report.html").contains("held, nothing sent: evergage: rejected share"),
                "the report shows the hold");
        List<JsonNode> heldEvents = events.details("Run Held");
        assertEquals(1, heldEvents.size(), events.entries().toString());
        assertEquals(runId, heldEvents.get(0).get("run_id").asText());
        assertEquals("held", heldEvents.get(0).get("status").asText());
        assertEquals(guard, heldEvents.get(0).get("guard"));
        assertEquals(4, heldEvents.get(0).at("/destinations/insider/rejected").asLong());
        assertTrue(events.details("Run Completed").isEmpty() && events.details("Run Failed").isEmpty());

        JsonNode release = reports.release(LocalAwsResource.BUCKET, runId);

        assertTrue(release.get("released").asBoolean(), release.toString());
        assertEquals(held.at("/destinations/insider/batches").asInt() + held.at("/destinations/xtremepush/batches").asInt()
                + held.at("/destinations/evergage/batches").asInt(), release.get("queued").asInt());
        SyncRuns.drainQueues();
        JsonNode delivered = reporter.report(LocalAwsResource.BUCKET, runId);
        assertEquals("released", delivered.get("status").asText());
        assertTrue(delivered.get("complete").asBoolean(), delivered.toString());
        assertTrue(delivered.at("/hold/released_at").isTextual());
        for (String destination : DESTINATIONS) {
            assertEquals(6, delivered.at("/destinations/" + destination + "/delivered").asLong(), destination);
        }
        assertEquals(runId, events.details("Run Completed").get(0).get("run_id").asText(), "a released run completes");

        // the released run's answers fold into the state: the same users again are unchanged
        JsonNode next = runs.run("incoming/guarded/day2.csv", customers(6, 0, "Ann"));
        assertEquals("succeeded", next.get("status").asText());
        for (String destination : DESTINATIONS) {
            assertEquals(6, next.at("/destinations/" + destination + "/unchanged").asLong(), destination + ": " + next.get("destinations"));
        }
        JsonNode again = reports.release(LocalAwsResource.BUCKET, next.get("run_id").asText());
        assertFalse(again.get("released").asBoolean());
        assertEquals("run " + next.get("run_id").asText() + " is not held (its status is succeeded): there is nothing to release",
                again.get("message").asText());
    }

    @Test
    void aNewerFileSupersedesAHeldRunWhoseBatchesNeverReachADestinationOrTheState() {
        Pipeline.put("mappings/superseding.yaml", "guards: {min_rows: 5}\n");

        JsonNode held = runs.run("incoming/superseding/day1.csv", customers(3, 0, "Old"));
        String heldId = held.get("run_id").asText();
        assertEquals("held", held.get("status").asText());
        assertEquals("3 rows is fewer than min_rows 5", held.at("/hold/guard/message").asText());
        assertNothingQueued();

        JsonNode newer = runs.run("incoming/superseding/day2.csv", customers(6, 0, "New"));

        String newerId = newer.get("run_id").asText();
        assertEquals("succeeded", newer.get("status").asText(), "within its guards");
        JsonNode superseded = Pipeline.readJson("runs/" + heldId + "/manifest.json");
        assertEquals("superseded", superseded.get("status").asText());
        assertEquals(newerId, superseded.at("/hold/superseded_by").asText());
        assertEquals("superseded", Pipeline.readJson("runs/" + heldId + "/report.json").get("status").asText());
        for (String destination : DESTINATIONS) {
            assertEquals(6, newer.at("/destinations/" + destination + "/new").asLong(), destination + ": the held run never reached the state");
            assertEquals(6, newer.at("/destinations/" + destination + "/delivered").asLong(), destination);
            assertEquals(6, simulator.processedUsers(destination).size(), destination + ": only the newer run's users were sent");
        }
        assertEquals("New", simulator.holdings("xtremepush").get("u1").get("first_name").asText());

        JsonNode refused = reports.release(LocalAwsResource.BUCKET, heldId);
        assertFalse(refused.get("released").asBoolean());
        assertEquals("run " + heldId + " cannot be released: it was superseded by run " + newerId
                + ", a newer run of sync superseding, so its batches are never queued", refused.get("message").asText());
        assertNothingQueued();

        // the superseded run leaves the state's unfolded runs without blocking the newer one's fold
        JsonNode third = runs.run("incoming/superseding/day3.csv", customers(6, 0, "New"));
        for (String destination : DESTINATIONS) {
            assertEquals(6, third.at("/destinations/" + destination + "/unchanged").asLong(), destination + ": " + third.get("destinations"));
        }
        assertTrue(Pipeline.keys("state/superseding/held/").isEmpty(), "no held run left to find");
    }

    @Test
    void anOlderRunPostedWhileANewerOneIsHeldKeepsItsUsersWhenTheHeldRunIsSuperseded() {
        Pipeline.put("mappings/heldorder.yaml", "guards: {min_rows: 3}\n");
        String older = runs.split("incoming/heldorder/day1.csv", customers(3, 0, "Old"), Instant.parse("2026-12-01T08:00:00Z"));
        String held = runs.split("incoming/heldorder/day2.csv", customers(2, 0, "Held"), Instant.parse("2026-12-02T08:00:00Z"));
        assertEquals("held", Pipeline.readJson("runs/" + held + "/manifest.json").get("status").asText());

        SyncRuns.drainQueues(); // the older run's batches, posted while the newer run is held
        JsonNode newer = runs.run("incoming/heldorder/day3.csv", customers(4, 3, 0, "New"));

        assertEquals("superseded", Pipeline.readJson("runs/" + held + "/manifest.json").get("status").asText());
        JsonNode olderReport = reporter.report(LocalAwsResource.BUCKET, older);
        for (String destination : DESTINATIONS) {
            assertEquals(3, olderReport.at("/destinations/" + destination + "/delivered").asLong(), destination
                    + ": a held run, which may never post, leaves no older user out as stale: " + olderReport.get("destinations"));
            assertEquals(0, olderReport.at("/destinations/" + destination + "/stale").asLong(), destination);
            assertEquals(3, newer.at("/destinations/" + destination + "/delivered").asLong(), destination);
        }
        assertEquals(List.of("Old", "Old", "Old", "New", "New", "New"), firstNames("u1", "u2", "u3", "u4", "u5", "u6"),
                "u1 and u2 keep the older file's values: the held file that had newer ones was superseded");
    }

    @Test
    void aRunReleasedAfterAnOlderRunPostedWhileItWasHeldEndsWithItsOwnValues() {
        Pipeline.put("mappings/heldrelease.yaml", "guards: {min_rows: 3}\n");
        String older = runs.split("incoming/heldrelease/day1.csv", customers(3, 0, "Old"), Instant.parse("2026-12-01T08:00:00Z"));
        String held = runs.split("incoming/heldrelease/day2.csv", customers(2, 0, "Held"), Instant.parse("2026-12-02T08:00:00Z"));
        SyncRuns.drainQueues();
        assertEquals(List.of("Old"), firstNames("u1"), "posted while the newer run is held");

        assertTrue(reports.release(LocalAwsResource.BUCKET, held).get("released").asBoolean());
        SyncRuns.drainQueues();

        JsonNode released = reporter.report(LocalAwsResource.BUCKET, held);
        for (String destination : DESTINATIONS) {
            assertEquals(2, released.at("/destinations/" + destination + "/delivered").asLong(), destination + ": "
                    + released.get("destinations"));
            assertEquals(3, reporter.report(LocalAwsResource.BUCKET, older).at("/destinations/" + destination + "/delivered")
                    .asLong(), destination);
        }
        assertEquals(List.of("Held", "Held", "Old"), firstNames("u1", "u2", "u3"), "the released, newer file's values stand");
    }

    /** Each user's first name as Xtremepush holds it, or "(none)". */
    private List<String> firstNames(String... users) {
        Map<String, ObjectNode> holdings = simulator.holdings("xtremepush");
        return Stream.of(users).map(user -> holdings.containsKey(user) ? holdings.get(user).path("first_name").asText() : "(none)")
                .toList();
    }

    @Test
    void aFileSplitInChunksIsHeldAtItsFinishAndReleased() {
        Pipeline.put("mappings/chunked-guard.yaml", "types: {age: number}\nguards: {destinations: {insider: {max_rejected_share: 1%}}}\n");
        String file = customers(450, 50, "Chunk");

        JsonNode held = runs.runWithSize("incoming/chunked-guard/big.csv", file);

        String runId = held.get("run_id").asText();
        assertTrue(held.get("chunks").asInt() > 1, "split in chunks: " + held.get("chunks"));
        assertEquals("held", held.get("status").asText());
        assertEquals("insider: rejected share 10.0% exceeds max_rejected_share 1%: 50 of 500 rows",
                held.at("/hold/guard/message").asText());
        assertNothingQueued();
        assertTrue(Pipeline.keys("runs/" + runId + "/messages/").size() > 1, "each group of partitions kept its messages");
        assertEquals(runId, events.details("Run Held").get(0).get("run_id").asText());

        assertTrue(reports.release(LocalAwsResource.BUCKET, runId).get("released").asBoolean());
        SyncRuns.drainQueues();
        JsonNode delivered = reporter.report(LocalAwsResource.BUCKET, runId);
        assertTrue(delivered.get("complete").asBoolean(), delivered.toString());
        DESTINATIONS.forEach(destination -> assertEquals(450, delivered.at("/destinations/" + destination + "/delivered").asLong(), destination));
    }

    @Test
    void aBadGuardFailsTheRunInOnePlainMessage() {
        Pipeline.put("mappings/bad-guard.yaml", "guards: {max_rejected_share: lots}\n");

        JsonNode failed = runs.run("incoming/bad-guard/day1.csv", customers(3, 0, "Ann"));

        assertEquals("failed", failed.get("status").asText());
        assertEquals("mapping mappings/bad-guard.yaml: guards.max_rejected_share must be a share from 0% to 100%, written as"
                + " 10% or 0.1, not 'lots'", failed.at("/errors/0/message").asText());
    }
}
