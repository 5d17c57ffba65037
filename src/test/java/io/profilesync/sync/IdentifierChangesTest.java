package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.evergage.SimulatedEvergage;
import io.profilesync.destination.insider.SimulatedInsider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A user whose email changes while its user_id stays, through the real triggers and the destination simulators
 * (docs/identifiers.md): each destination ends as its documentation says, and the user is counted and named for the
 * operator, never with the email.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class IdentifierChangesTest extends SyncTest {

    private static final List<String> DESTINATIONS = List.of("insider", "xtremepush", "evergage");
    private static final String HEADER = "user_id,email,email_optin,first_name\n";
    private static final String DAY1 = HEADER + "u1,ann@example.com,true,Ann\nu2,bob@example.com,true,Bob\n";
    /** u1's email changes; u2 changes a name only. */
    private static final String DAY2 = HEADER + "u1,ann.new@example.com,true,Ann\nu2,bob@example.com,true,Bobby\n";

    @Test
    void aNewEmailIsSentWhereTheDestinationDocumentsThatItReplacesTheOldAndReportedForInsiderWhoseUpsertKeepsIt() {
        runs.run("incoming/ids/day1.csv", DAY1);
        JsonNode day2 = runs.run("incoming/ids/day2.csv", DAY2);

        for (String destination : DESTINATIONS) {
            JsonNode counts = day2.at("/destinations/" + destination);
            assertEquals(List.of(2L, 1L, 2L), List.of(counts.get("changed").asLong(), counts.get("identifier_changed").asLong(),
                    counts.get("delivered").asLong()), destination + ": " + counts);
            assertTrue(counts.get("complete").asBoolean(), counts.toString());
        }
        assertEquals(List.of("evergage u1 email sent_with_user", "insider uuid:u1 email reported",
                "xtremepush u1 email sent_with_user"), changes(day2));
        assertFalse(Pipeline.readText(day2.get("identifier_changes").asText()).contains("example.com"),
                "the report names no email");
        // Upsert User Data: "will not change an existing identifier"
        assertEquals("ann@example.com", simulator.holdings("insider").get("u1").get("identifiers.email").asText());
        assertEquals("ann.new@example.com", simulator.holdings("xtremepush").get("u1").get("email").asText());
        assertEquals("ann.new@example.com", simulator.holdings("evergage").get("u1").get("email").asText());

        JsonNode day3 = runs.run("incoming/ids/day3.csv", DAY2);
        for (String destination : DESTINATIONS) {
            assertEquals(List.of(2L, 0L), List.of(day3.at("/destinations/" + destination + "/unchanged").asLong(),
                    day3.at("/destinations/" + destination + "/identifier_changed").asLong()), destination + ": " + day3.at("/destinations/" + destination));
        }
    }

    @Test
    void underTheOtherPlausibleAnswersTheUserIsStillNamedAndInsiderFailsItUntilTheIdentifierIsChanged() {
        simulator.destination(SimulatedInsider.class).identifierConflictsFail(true);
        simulator.destination(SimulatedEvergage.class).keepsIdentifiers(true);
        runs.run("incoming/ids2/day1.csv", DAY1);
        JsonNode day2 = runs.run("incoming/ids2/day2.csv", DAY2);
        JsonNode day3 = runs.run("incoming/ids2/day3.csv", DAY2);

        for (JsonNode run : List.of(day2, day3)) {
            JsonNode insider = run.at("/destinations/insider");
            assertEquals(List.of(1L, 1L), List.of(insider.get("identifier_changed").asLong(), insider.get("failed").asLong()),
                    "Insider fails u1; the state keeps its old value, so every run sends and names it again: " + insider);
            assertTrue(insider.get("complete").asBoolean(), insider.toString());
            assertTrue(changes(run).contains("insider uuid:u1 email reported"), changes(run).toString());
        }
        List<JsonNode> failed = Pipeline.readJsonLines(day2.get("failed_rows").asText());
        assertEquals(List.of("insider 2"), failed.stream().map(row -> row.get("destination").asText() + " " + row.get("line").asLong())
                .toList());
        assertEquals("ann@example.com", simulator.holdings("evergage").get("u1").get("email").asText(),
                "Evergage kept the old email, and profile-sync named the user: " + changes(day2));
        assertTrue(changes(day2).contains("evergage u1 email sent_with_user"));
    }

    @Test
    void aUserWhoseKeyChangesIsANewUserAndNoIdentifierChange() {
        runs.run("incoming/ids3/day1.csv", DAY1);
        JsonNode day2 = runs.run("incoming/ids3/day2.csv", HEADER + "u9,ann@example.com,true,Ann\nu2,bob@example.com,true,Bob\n");

        for (String destination : DESTINATIONS) {
            JsonNode counts = day2.at("/destinations/" + destination);
            assertEquals(List.of(1L, 1L, 0L), List.of(counts.get("new").asLong(), counts.get("unchanged").asLong(),
                    counts.get("identifier_changed").asLong()), destination + ": " + counts);
        }
        assertTrue(changes(day2).isEmpty(), changes(day2).toString());
    }

    @Test
    void aFileSplitInChunksNamesTheSameUsers() {
        runs.runWithSize("incoming/idschunks/day1.csv", users(0));
        JsonNode day2 = runs.runWithSize("incoming/idschunks/day2.csv", users(10));

        assertTrue(day2.get("chunks").asInt() > 1, "split in chunks: " + day2.get("chunks"));
        for (String destination : DESTINATIONS) {
            assertEquals(10, day2.at("/destinations/" + destination + "/identifier_changed").asLong(), destination);
        }
        assertEquals(30, changes(day2).size(), changes(day2).toString());
        assertTrue(changes(day2).contains("insider uuid:u7 email reported"), changes(day2).toString());
    }

    /** 1,200 users, about 40 bytes a row; the first {@code moved} have another email. */
    private static String users(int moved) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 1_200; i++) {
            csv.append('u').append(i).append(",u").append(i).append(i <= moved ? "@new.example.com" : "@example.com")
                    .append(",true,N\n");
        }
        return csv.toString();
    }

    private static List<String> changes(JsonNode report) {
        return Pipeline.readJsonLines(report.get("identifier_changes").asText()).stream()
                .map(change -> change.get("destination").asText() + " " + change.get("key").asText() + " "
                        + change.get("identifier").asText() + " " + change.get("handling").asText())
                .sorted().toList();
    }
}
