package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitOutcome;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.LocalEventBridge;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code on_removed: delete}: users a snapshot no longer holds are deleted through the destination's own deletion API, leave
 * the sync's state, are held by the removed-share guard, and never deleted after a newer run's value. Through the real
 * triggers (S3 events, SQS events), ElasticMQ, LocalS3 and the simulated destinations.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class DeletesTest extends SyncTest {

    @Test
    void aUserWhoLeavesASnapshotIsDeletedAtInsiderAndLeavesTheState() {
        LocalEventBridge events = LocalAwsResource.aws().events();
        events.clear();
        Pipeline.put("mappings/erase.yaml", "source: snapshot\ndestinations:\n  insider: {on_removed: delete}\n");
        runs.run("incoming/erase/day1.csv", users(1, 10));
        assertTrue(simulator.holdings("insider").containsKey("u10"));

        JsonNode day2 = runs.run("incoming/erase/day2.csv", users(1, 9)); // 1 of 10 removed: the 10% guard allows it

        JsonNode insider = day2.at("/destinations/insider");
        assertEquals(List.of(1L, 1L, 0L), List.of(insider.path("removed").asLong(), insider.path("deleted").asLong(),
                insider.path("delete_failed").asLong()), day2.toPrettyString());
        assertTrue(day2.path("complete").asBoolean(), day2.toPrettyString());
        assertFalse(simulator.holdings("insider").containsKey("u10"), "Insider no longer holds u10");
        assertEquals(9, simulator.holdings("insider").size());
        List<JsonNode> removed = Pipeline.readJsonLines(day2.get("removed_users").asText());
        assertEquals(1, removed.size(), removed.toString());
        assertEquals(List.of("insider", "uuid:u10", "delete"), List.of(removed.get(0).path("destination").asText(),
                removed.get(0).path("key").asText(), removed.get(0).path("action").asText()));
        assertTrue(removed.get(0).path("deletion").asLong() > 0, removed.toString());
        JsonNode completed = events.details("Run Completed").stream()
                .filter(event -> event.path("run_id").asText().equals(day2.path("run_id").asText())).findFirst().orElseThrow();
        assertEquals(1, completed.at("/destinations/insider/deleted").asLong(), completed.toPrettyString());

        JsonNode day3 = runs.run("incoming/erase/day3.csv", users(1, 9));
        assertEquals(0, day3.at("/destinations/insider/removed").asLong(), "u10 left the state: not removed again " + day3);
        JsonNode day4 = runs.run("incoming/erase/day4.csv", users(1, 10));
        assertEquals(List.of(1L, 9L), List.of(day4.at("/destinations/insider/new").asLong(),
                day4.at("/destinations/insider/unchanged").asLong()), "u10 comes back as new: " + day4);
        assertTrue(simulator.holdings("insider").containsKey("u10"));
    }

    @Test
    void aSnapshotThatWouldDeleteHalfTheUsersIsHeldBeforeAnyDeletionIsQueued() {
        Pipeline.put("mappings/halved.yaml", "source: snapshot\ndestinations:\n  insider: {on_removed: delete}\n");
        runs.run("incoming/halved/day1.csv", users(1, 4));

        JsonNode day2 = runs.run("incoming/halved/day2.csv", users(1, 2));

        assertEquals("held", day2.path("status").asText(), day2.toPrettyString());
        assertEquals("max_removed_share", day2.at("/hold/guard/guard").asText(), day2.toPrettyString());
        assertEquals(2, day2.at("/destinations/insider/removed").asLong());
        assertEquals(0, day2.at("/destinations/insider/deleted").asLong());
        assertEquals(List.of("u1", "u2", "u3", "u4"), List.copyOf(simulator.holdings("insider").keySet()),
                "nothing deleted while the run is held");
        assertEquals(List.of(), Pipeline.drain("insider"), "nothing queued");
    }

    @Test
    void aSnapshotFileThatFailsPartWayRemovesAndDeletesNoUser() {
        Pipeline.put("mappings/cutshort.yaml", "source: snapshot\ndestinations:\n  insider: {on_removed: delete}\n");
        runs.run("incoming/cutshort/day1.csv", users(1, 5000));
        StringBuilder renamed = new StringBuilder("user_id,first_name\n");
        IntStream.rangeClosed(1, 5000).forEach(i -> renamed.append('u').append(i).append(',').append(UUID.randomUUID()).append('\n'));
        byte[] whole = gzip(renamed.toString());

        // the export broke off: its gzip stream ends half way, after about the first 2,500 rows
        JsonNode day2 = runs.run("incoming/cutshort/day2.csv.gz", Arrays.copyOf(whole, whole.length / 2));

        assertEquals("failed", day2.path("status").asText(), day2.toPrettyString());
        assertTrue(day2.at("/destinations/insider/rows").asLong() > 0, "rows were read before the error: " + day2);
        assertEquals(List.of(0L, 0L), List.of(day2.at("/destinations/insider/removed").asLong(),
                day2.at("/destinations/insider/deleted").asLong()), "a file read only in part says nothing of who left: "
                + day2.get("destinations"));
        assertEquals(5000, simulator.holdings("insider").size(), "Insider still holds every user");
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xtremepush", "evergage"})
    void deleteIsRefusedWithOnePlainLineForADestinationWithoutADeletionApiWeCanUse(String destination) {
        Pipeline.put("mappings/refused" + destination + ".yaml", "source: snapshot\ndestinations:\n  " + destination
                + ": {on_removed: delete}\n");
        String key = "incoming/refused" + destination + "/day1.csv";
        Pipeline.put(key, users(1, 2));

        SplitOutcome outcome = split(key, Instant.now());

        assertEquals("failed", outcome.status(), outcome.toString());
        assertTrue(outcome.message().contains("mappings/refused" + destination + ".yaml: destinations." + destination
                + ".on_removed: delete is not available for " + destination + ": "), outcome.message());
        assertTrue(outcome.message().endsWith("; use keep (removed users are then counted and named in removed-users.jsonl)"),
                outcome.message());
        assertFalse(outcome.message().contains("Exception"), outcome.message());
        assertEquals(List.of(), Pipeline.drain(destination));
    }

    @Test
    void anOlderRunsDeletionIsNotPostedAfterANewerRunHoldsTheUserAgain() {
        Pipeline.put("mappings/flipflop.yaml", "source: snapshot\nguards: {max_removed_share: 50%}\n"
                + "destinations:\n  insider: {on_removed: delete}\n");
        Instant now = Instant.now();
        split("incoming/flipflop/day1.csv", users(1, 2), now);
        SyncRuns.drainQueues();
        PlayedQueues queues = new PlayedQueues(simulator, List.of("insider"), 3);

        String day2 = split("incoming/flipflop/day2.csv", users(1, 1), now.plusSeconds(60)).runId(); // deletes u2
        queues.collect(); // its deletion waits on the queue
        split("incoming/flipflop/day3.csv", users(1, 2), now.plusSeconds(120)); // u2 is back
        SyncRuns.drainQueues();
        queues.drain(); // then day 2's deletion comes

        assertTrue(simulator.holdings("insider").containsKey("u2"), "the newer file's u2 stands");
        JsonNode report = reporter.report(LocalAwsResource.BUCKET, day2);
        JsonNode insider = report.at("/destinations/insider");
        assertEquals(List.of(1L, 0L, 1L), List.of(insider.path("removed").asLong(), insider.path("deleted").asLong(),
                insider.path("delete_stale").asLong()), report.toPrettyString());
        assertTrue(insider.path("complete").asBoolean(), report.toPrettyString());
    }

    private SplitOutcome split(String key, Instant dropped) {
        try {
            return splitter.handle(json.readValue(S3Events.created(LocalAwsResource.BUCKET, key, dropped), S3Event.class))
                    .outcomes().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SplitOutcome split(String key, String csv, Instant dropped) {
        Pipeline.put(key, csv);
        return split(key, dropped);
    }

    private static String users(int first, int last) {
        StringBuilder csv = new StringBuilder("user_id,first_name\n");
        IntStream.rangeClosed(first, last).forEach(i -> csv.append('u').append(i).append(",Name").append(i).append('\n'));
        return csv.toString();
    }
}
