package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Sync modes and users who leave a snapshot sync, through the real triggers and the destination simulators. */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class SyncModesTest extends SyncTest {

    private static final List<String> DESTINATIONS = List.of("insider", "xtremepush", "evergage");

    @Test
    void anUpdateSyncSendsOnlyUsersTheDestinationTookAndAnInsertSyncOnlyTheOthers() {
        runs.run("incoming/modes/day1.csv", "user_id,first_name\nu1,Ann\nu2,Bob\n");
        int before = simulator.processedUsers("xtremepush").size();

        Pipeline.put("mappings/modes.yaml", "mode: update\n");
        JsonNode update = runs.run("incoming/modes/day2.csv", "user_id,first_name\nu1,Annie\nu2,Bob\nu3,Cleo\n");
        List<String> updated = sentSince("xtremepush", before);
        Pipeline.put("mappings/modes.yaml", "mode: insert\n");
        JsonNode insert = runs.run("incoming/modes/day3.csv", "user_id,first_name\nu1,Anna\nu3,Cleo\nu4,Dee\n");
        List<String> inserted = sentSince("xtremepush", before + updated.size());

        assertEquals(List.of("u1"), updated, "update: the known, changed user only; u3 is new, left out");
        assertEquals(List.of("u3", "u4"), inserted, "insert: users the destination never took; u1 is known, left out");
        assertEquals("Annie", simulator.holdings("xtremepush").get("u1").get("first_name").asText());
        for (String destination : DESTINATIONS) {
            assertCounts(update.at("/destinations/" + destination), 3, 0, 1, 1, 1);
            assertCounts(insert.at("/destinations/" + destination), 3, 2, 0, 0, 1);
        }
    }

    @Test
    void aSnapshotCountsAndNamesTheUsersItsFileNoLongerHoldsAndKeepsThemAtTheDestination() {
        Pipeline.put("mappings/snap.yaml", "source: snapshot\n");
        runs.run("incoming/snap/day1.csv", "user_id,first_name\nu1,Ann\nu2,Bob\nu3,Cleo\nu4,Dee\n");

        JsonNode day2 = runs.run("incoming/snap/day2.csv", "user_id,first_name\nu1,Ann\nu3,Cleo\nu5,Eve\n");
        JsonNode day3 = runs.run("incoming/snap/day3.csv", "user_id,first_name\nu1,Ann\nu2,Bob\nu3,Cleo\nu5,Eve\n");

        for (String destination : DESTINATIONS) {
            JsonNode counts = day2.at("/destinations/" + destination);
            assertEquals(2, counts.get("removed").asLong(), destination + ": " + counts);
            assertEquals(List.of(1L, 2L), List.of(counts.get("new").asLong(), counts.get("unchanged").asLong()), destination);
            assertTrue(counts.get("complete").asBoolean(), counts.toString());
            JsonNode back = day3.at("/destinations/" + destination);
            assertEquals(1, back.get("removed").asLong(), "u4 is still gone; u2 is back, as unchanged: " + back);
            assertEquals(4, back.get("unchanged").asLong(), back.toString());
        }
        // named by the key the destination's requests use (Insider's identifier type and value)
        List<JsonNode> removed = Pipeline.readJsonLines(day2.get("removed_users").asText());
        assertEquals(List.of("evergage:u2", "evergage:u4", "insider:uuid:u2", "insider:uuid:u4", "xtremepush:u2", "xtremepush:u4"),
                removed.stream().map(user -> user.get("destination").asText() + ":" + user.get("key").asText()).sorted().toList());
        assertEquals(List.of("uuid:u4"), Pipeline.readJsonLines(day3.get("removed_users").asText()).stream()
                .filter(user -> user.get("destination").asText().equals("insider")).map(user -> user.get("key").asText()).toList());
        assertTrue(simulator.holdings("xtremepush").containsKey("u4"), "on_removed: keep leaves them at the destination");
    }

    @Test
    void aSnapshotUserWhoseRowIsRejectedIsRejectedNotRemoved() {
        Pipeline.put("mappings/snaprej.yaml", "source: snapshot\n");
        runs.run("incoming/snaprej/day1.csv", "user_id,first_name,email\nu1,Ann,\nu2,Bob,\nu3,Cleo,\n");

        // u2's row breaks Insider's email rule and Xtremepush's (an email needs its subscription flag); u3 left
        JsonNode day2 = runs.run("incoming/snaprej/day2.csv", "user_id,first_name,email\nu1,Ann,\nu2,Bobby,not-an-email\n");

        for (String destination : List.of("insider", "xtremepush")) {
            JsonNode counts = day2.at("/destinations/" + destination);
            assertEquals(List.of(1L, 1L), List.of(counts.get("rejected").asLong(), counts.get("removed").asLong()),
                    destination + ": u2 rejected, only u3 removed: " + counts);
        }
        assertEquals(List.of("evergage:u3", "insider:uuid:u3", "xtremepush:u3"),
                Pipeline.readJsonLines(day2.get("removed_users").asText()).stream()
                        .map(user -> user.get("destination").asText() + ":" + user.get("key").asText()).sorted().toList());
        assertEquals("Bob", simulator.holdings("xtremepush").get("u2").get("first_name").asText(),
                "the destination keeps u2's previous value");
    }

    @Test
    void aSnapshotSplitInChunksNamesItsRemovedUsersAsInOnePiece() {
        Pipeline.put("mappings/snapchunks.yaml", "source: snapshot\n");
        runs.runWithSize("incoming/snapchunks/day1.csv", users(1, 1_200));

        JsonNode day2 = runs.runWithSize("incoming/snapchunks/day2.csv", users(101, 1_200));

        assertTrue(day2.get("chunks").asInt() > 1, "split in chunks: " + day2.get("chunks"));
        for (String destination : DESTINATIONS) {
            assertEquals(100, day2.at("/destinations/" + destination + "/removed").asLong(), destination);
        }
        List<String> removed = Pipeline.readJsonLines(day2.get("removed_users").asText()).stream()
                .filter(user -> user.get("destination").asText().equals("xtremepush")).map(user -> user.get("key").asText())
                .sorted().toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> "u" + i).sorted().toList(), removed);
    }

    @Test
    void anIncrementSyncRemovesNobody() {
        runs.run("incoming/incr/day1.csv", "user_id,first_name\nu1,Ann\nu2,Bob\n");
        JsonNode day2 = runs.run("incoming/incr/day2.csv", "user_id,first_name\nu1,Ann\n");

        for (String destination : DESTINATIONS) {
            assertEquals(0, day2.at("/destinations/" + destination + "/removed").asLong(), day2.toString());
        }
        assertTrue(Pipeline.readJsonLines(day2.get("removed_users").asText()).isEmpty());
    }

    /** accepted == new + changed + unchanged + resent + skipped, and the report calls the run complete. */
    private static void assertCounts(JsonNode counts, long accepted, long added, long changed, long unchanged, long skipped) {
        assertEquals(List.of(accepted, added, changed, unchanged, skipped), List.of(counts.get("accepted").asLong(),
                counts.get("new").asLong(), counts.get("changed").asLong(), counts.get("unchanged").asLong(),
                counts.get("skipped").asLong()), counts.toString());
        assertEquals(counts.get("accepted").asLong(), counts.get("new").asLong() + counts.get("changed").asLong()
                + counts.get("unchanged").asLong() + counts.get("resent").asLong() + counts.get("skipped").asLong());
        assertEquals(added + changed, counts.get("delivered").asLong(), counts.toString());
        assertTrue(counts.get("complete").asBoolean(), counts.toString());
    }

    /** Users {@code first} to {@code last}, about 30 bytes a row. */
    private static String users(int first, int last) {
        StringBuilder csv = new StringBuilder("user_id,first_name,city\n");
        for (int i = first; i <= last; i++) {
            csv.append('u').append(i).append(",Name").append(i).append(",Paris\n");
        }
        return csv.toString();
    }

    private List<String> sentSince(String destination, int from) {
        List<String> sent = simulator.processedUsers(destination);
        return sent.subList(from, sent.size()).stream().sorted().toList();
    }
}
