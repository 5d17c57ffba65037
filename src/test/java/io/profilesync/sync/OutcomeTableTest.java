package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.Fault;
import io.profilesync.splitting.StateHashes;
import io.profilesync.storage.ObjectStore;
import io.profilesync.story.StoryText;
import io.profilesync.story.UserStory;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The outcome table through the real triggers: a file dropped in S3 and split from an S3 event, its batches posted
 * from SQS events to the simulated destinations (one refusing everything), the run reported; the table's objects are read
 * back from LocalS3 as Athena would read them (gzipped JSON lines under Hive-style partitions).
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class OutcomeTableTest extends SyncTest {

    private static final List<String> COUNTED = List.of("delivered", "failed", "unconfirmed", "stale", "rejected",
            "superseded");

    @Inject
    StateKeyStore stateKeys;

    @Test
    void everyUserOfARunLandsOnceInItsDestinationsPartitionAndTheRowsAddUpToTheReport() {
        simulator.inject("evergage", Fault.status(422));
        JsonNode report = runs.run("incoming/outcome-table/day1.csv", """
                user_id,email,first_name
                u1,ann@example.com,Ann
                u2,bob@example.com,Bob
                ,nokey@example.com,Nobody
                u1,ann@example.com,Annie
                u3,carl@example.com,Carl
                """);
        String runId = report.get("run_id").asText();
        String date = LocalDate.now(ZoneOffset.UTC).toString();

        for (String destination : List.of("insider", "xtremepush", "evergage")) {
            String key = "tables/outcomes/sync=outcome-table/destination=" + destination + "/date=" + date + "/" + runId + ".json.gz";
            List<JsonNode> rows = rows(key);
            Map<String, Long> byOutcome = rows.stream().collect(Collectors.groupingBy(row -> row.get("outcome").asText(),
                    TreeMap::new, Collectors.counting()));
            JsonNode counts = report.at("/destinations/" + destination);
            for (String outcome : COUNTED) {
                assertEquals(counts.path(outcome).asLong(), byOutcome.getOrDefault(outcome, 0L), destination + " " + outcome
                        + ": " + byOutcome + " against " + counts);
            }
            assertEquals(counts.get("rows").asLong(), rows.size(), destination + ": one row per input row " + byOutcome);
            assertTrue(rows.stream().allMatch(row -> row.get("run_id").asText().equals(runId)));
            assertFalse(rows.toString().contains("example.com"), "no personal value in the table: " + rows);
        }
        List<JsonNode> evergage = rows(Pipeline.keys("tables/outcomes/sync=outcome-table/destination=evergage/").get(0));
        assertEquals(3, evergage.stream().filter(row -> row.get("outcome").asText().equals("failed")).count(),
                "Evergage refused its batch: " + evergage);
        assertTrue(evergage.stream().filter(row -> row.get("outcome").asText().equals("failed"))
                .allMatch(row -> !row.get("reason").asText().isEmpty()), "each failure says why: " + evergage);
        JsonNode rejected = evergage.stream().filter(row -> row.get("outcome").asText().equals("rejected")).findFirst()
                .orElseThrow(() -> new AssertionError("no rejected row: " + evergage));
        assertEquals(4, rejected.get("line").asLong(), "the row without a key, line 4: " + rejected);
        assertTrue(evergage.stream().anyMatch(row -> row.get("outcome").asText().equals("superseded")
                && row.get("line").asLong() == 2 && row.get("reason").asText().contains("line 5")), evergage.toString());

        List<JsonNode> insider = rows(Pipeline.keys("tables/outcomes/sync=outcome-table/destination=insider/").get(0));
        Set<Long> delivered = insider.stream().filter(row -> row.get("outcome").asText().equals("delivered"))
                .map(row -> row.get("key_hash").asLong()).collect(Collectors.toSet());
        StateHash hashes = stateKeys.get();
        assertEquals(Set.of(hashes.userKeyHash(OutboundItem.USERS, "uuid:u1"), hashes.userKeyHash(OutboundItem.USERS, "uuid:u2"),
                hashes.userKeyHash(OutboundItem.USERS, "uuid:u3"), hashes.userKeyHash(OutboundItem.USERS, "email:nokey@example.com")),
                delivered, "each delivered user is named by the state's keyed key hash: " + insider);
        assertFalse(delivered.contains(StateHashes.unkeyed(OutboundItem.USERS, "uuid:u1")), "never the unkeyed hash");

        ByteArrayOutputStream told = new ByteArrayOutputStream();
        StoryText.print(new UserStory(new ObjectStore(LocalAwsResource.aws().s3(), json), json, LocalAwsResource.BUCKET,
                "state/", "runs/", stateKeys::get).of("insider", "outcome-table", "uuid:u3"), false,
                new PrintStream(told, true, StandardCharsets.UTF_8));
        long u3 = insider.stream().filter(row -> row.get("line").asLong() == 6).findFirst().orElseThrow().get("key_hash").asLong();
        assertTrue(told.toString(StandardCharsets.UTF_8).contains("key_hash = " + u3 + " "),
                "the user command prints the key hash that finds the user's rows: " + told);
    }

    @Test
    void reportingARunAgainReplacesItsRowsAndNeverAddsToThem() {
        JsonNode report = runs.run("incoming/outcome-table-again/day1.csv", """
                user_id,first_name
                u1,Ann
                u2,Bob
                """);
        String prefix = "tables/outcomes/sync=outcome-table-again/destination=insider/";
        List<String> before = Pipeline.keys(prefix);
        List<JsonNode> rows = rows(before.get(0));

        reporter.report(LocalAwsResource.BUCKET, report.get("run_id").asText());
        reporter.report(LocalAwsResource.BUCKET, report.get("run_id").asText());

        assertEquals(before, Pipeline.keys(prefix), "one object per run and destination, in the run's date partition");
        assertEquals(rows, rows(before.get(0)), "the same rows, not twice as many");
        assertEquals(2, rows.size(), rows.toString());
    }

    private static List<JsonNode> rows(String key) {
        List<JsonNode> rows = new ArrayList<>();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Pipeline.readBytes(key)))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(Pipeline.parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
        return rows;
    }
}
