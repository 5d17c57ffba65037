package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A file larger than a chunk (16 KiB here) is split in chunks through the real triggers (the S3 event to the
 * splitter, each chunk's SQS message to the split-chunk function, then each group of partitions of the reduce, the
 * batches to the poster) and ends as the same file split in one piece ends: the same counts and users sent, the same
 * rejected and superseded lines, and every destination holding the same users. Its state is the one-piece run's too.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class ChunkedRunTest extends SyncTest {

    private static final String[] DESTINATIONS = {"insider", "xtremepush", "evergage"};

    @Test
    void aFileSplitInChunksEndsAsTheSameFileInOnePiece() {
        String file = customers();

        JsonNode chunked = runs.runWithSize("incoming/chunked/customers.csv", file);
        Map<String, Map<String, ?>> chunkedHoldings = holdings();
        simulator = DestinationSimulatorResource.fresh();
        JsonNode whole = runs.run("incoming/whole/customers.csv", file);

        assertTrue(chunked.get("chunks").asInt() > 3, "split in chunks: " + chunked.get("chunks"));
        assertTrue(Pipeline.keys("split-chunks/" + chunked.get("run_id").asText() + "/groups-done/").size() > 3,
                "the reduce is fanned out in groups of partitions");
        assertEquals(1, whole.get("chunks").asInt());
        assertTrue(chunked.get("complete").asBoolean() && whole.get("complete").asBoolean());
        assertEquals(whole.get("rows"), chunked.get("rows"));
        assertEquals(whole.get("errors"), chunked.get("errors"));
        for (String destination : DESTINATIONS) {
            JsonNode inChunks = chunked.get("destinations").get(destination);
            JsonNode inOnePiece = whole.get("destinations").get(destination);
            for (String count : List.of("rows", "accepted", "rejected", "superseded", "new", "delivered", "failed")) {
                assertEquals(inOnePiece.get(count), inChunks.get(count), destination + " " + count);
            }
            inOnePiece.get("streams").fields().forEachRemaining(stream -> assertEquals(stream.getValue().get("items"),
                    inChunks.get("streams").get(stream.getKey()).get("items"), destination + " " + stream.getKey()));
            assertTrue(inChunks.get("superseded").asInt() > 0 && inChunks.get("rejected").asInt() > 0, inChunks.toString());
        }
        assertEquals(rows(whole.get("rejected_rows").asText()), rows(chunked.get("rejected_rows").asText()));
        assertEquals(new HashSet<>(rows(whole.get("superseded_rows").asText())),
                new HashSet<>(rows(chunked.get("superseded_rows").asText())));
        assertEquals(holdings(), chunkedHoldings);

        JsonNode again = runs.runWithSize("incoming/chunked/customers-again.csv", file.replace("Paris", "Lyon"));
        JsonNode wholeAgain = runs.run("incoming/whole/customers-again.csv", file.replace("Paris", "Lyon"));
        for (String destination : DESTINATIONS) {
            for (String count : List.of("accepted", "new", "changed", "unchanged", "delivered")) {
                assertEquals(wholeAgain.get("destinations").get(destination).get(count), again.get("destinations").get(destination).get(count),
                        destination + " " + count + " against the state each run left");
            }
        }
        assertTrue(again.get("destinations").get("insider").get("unchanged").asInt() > 0
                && again.get("destinations").get("insider").get("changed").asInt() > 0, again.get("destinations").toString());
    }

    /** About 120 KB: customers, some of them again with other values, a record with a quoted line break, broken records. */
    private static String customers() {
        StringBuilder csv = new StringBuilder("user_id,email,email_optin,first_name,city,loyalty_tier,account_name\n");
        for (int i = 1; i <= 1_500; i++) {
            csv.append("u").append(i).append(',').append(i % 97 == 0 ? "not-an-email" : "c" + i + "@example.com")
                    .append(",yes,Name").append(i).append(',').append(i % 250 == 0 ? "\"Saint-\nDenis\"" : "Paris")
                    .append(",gold,acct-").append(i % 40).append('\n');
            if (i % 9 == 0) {
                int earlier = i / 2;
                csv.append('u').append(earlier).append(",c").append(earlier).append("@example.com,no,Renamed").append(earlier)
                        .append(",Rome,platinum,acct-").append(earlier % 40).append('\n');
            }
            if (i % 400 == 0) {
                csv.append("too,few\n");
            }
        }
        return csv.toString();
    }

    private Map<String, Map<String, ?>> holdings() {
        Map<String, Map<String, ?>> holdings = new TreeMap<>();
        for (String destination : DESTINATIONS) {
            holdings.put(destination, simulator.holdings(destination));
        }
        return holdings;
    }

    /** A JSON-lines report's rows, as text. */
    private static List<String> rows(String key) {
        List<String> rows = new ArrayList<>();
        Pipeline.readJsonLines(key).forEach(row -> rows.add(row.toString()));
        return rows;
    }
}
