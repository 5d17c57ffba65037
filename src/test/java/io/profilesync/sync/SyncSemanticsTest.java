package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.Fault;
import io.profilesync.splitter.SplitterService;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Sync semantics through the real triggers: files dropped in S3 and split from S3 events, batches delivered by
 * the poster from SQS events to the destination simulators, the state kept in S3 between runs.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class SyncSemanticsTest extends SyncTest {

    @Test
    void aUsersLastRowWinsAndItsEarlierRowsAreReportedSuperseded() {
        JsonNode report = runs.run("incoming/last-row/day1.csv", """
                user_id,email,email_optin,first_name,city
                u1,ann@example.com,yes,Ann,Paris
                u2,bob@example.com,no,Bob,Rome
                u1,ann@example.com,yes,Ann,Berlin
                u1,ann@example.com,yes,Annie,
                """);

        for (String destination : List.of("insider", "xtremepush", "evergage")) {
            JsonNode counts = report.at("/destinations/" + destination);
            assertEquals(2, counts.get("accepted").asLong(), destination);
            assertEquals(2, counts.get("superseded").asLong(), destination);
            assertEquals(4, counts.get("accepted").asLong() + counts.get("rejected").asLong()
                    + counts.get("superseded").asLong(), destination + ": rows add up");
            assertEquals(2, counts.get("delivered").asLong(), destination);
            assertTrue(counts.get("complete").asBoolean(), counts.toString());
        }
        assertEquals(List.of("u1", "u2"), simulator.processedUsers("xtremepush").stream().sorted().toList(),
                "each user sent once");
        // the last row wins whole: its blank city is not sent, and no earlier row is sent after it
        assertEquals("Annie", simulator.holdings("xtremepush").get("u1").get("first_name").asText());
        assertFalse(simulator.holdings("xtremepush").get("u1").has("city"), simulator.holdings("xtremepush").toString());
        assertEquals("Annie", simulator.holdings("evergage").get("u1").get("first_name").asText());
        List<JsonNode> superseded = Pipeline.readJsonLines(report.get("superseded_rows").asText());
        assertTrue(superseded.stream().anyMatch(row -> row.get("line").asLong() == 2 && row.get("superseded_by").asLong() == 5
                && row.get("destination").asText().equals("insider")), superseded.toString());
        assertTrue(superseded.stream().anyMatch(row -> row.get("line").asLong() == 4 && row.get("superseded_by").asLong() == 5));
    }

    @Test
    void aSecondRunSendsOnlyNewAndChangedUsersAndWhatTheDestinationRefusedComesBack() {
        String day1 = """
                user_id,first_name,tier
                u1,Ann,gold
                u2,Bob,silver
                u3,Cleo,bronze
                """;
        simulator.inject("evergage", Fault.status(422));
        JsonNode first = runs.run("incoming/daily/day1.csv", day1);
        assertEquals(3, first.at("/destinations/insider/new").asLong());
        assertEquals(3, first.at("/destinations/evergage/failed").asLong(), "Evergage refused the whole first batch");

        JsonNode second = runs.run("incoming/daily/day2.csv", """
                user_id,first_name,tier
                u1,Ann,gold
                u2,Bob,gold
                u4,Dee,bronze
                u3,Cleo,bronze
                """);

        JsonNode insider = second.at("/destinations/insider");
        assertEquals(List.of(1L, 1L, 2L), List.of(insider.get("new").asLong(), insider.get("changed").asLong(),
                insider.get("unchanged").asLong()), insider.toString());
        assertEquals(2, insider.get("delivered").asLong());
        assertTrue(insider.get("complete").asBoolean(), "accepted == delivered + failed + unconfirmed + unchanged");
        List<String> posted = simulator.processedUsers("insider");
        assertEquals(List.of("u2", "u4"), posted.subList(3, posted.size()).stream().sorted().toList(),
                "day 2 sends the changed and the new user only");
        JsonNode evergage = second.at("/destinations/evergage");
        assertEquals(4, evergage.get("new").asLong(), "users Evergage refused are new to the state: sent again");
        assertEquals(4, evergage.get("delivered").asLong());
        assertEquals("gold", simulator.holdings("evergage").get("u2").get("tier").asText());
    }

    @Test
    void anUnchangedFileSendsNobodyAndAFullResyncTagSendsEveryone() {
        String file = "user_id,first_name\nu1,Ann\nu2,Bob\n";
        runs.run("incoming/resync/day1.csv", file);
        int sentBefore = simulator.processedUsers("xtremepush").size();

        JsonNode same = runs.run("incoming/resync/day2.csv", file);
        JsonNode forced = runs.run("incoming/resync/day3.csv", file, Map.of(SplitterService.FULL_RESYNC_TAG, "true"));

        assertEquals(2, same.at("/destinations/xtremepush/unchanged").asLong());
        assertEquals(0, same.at("/destinations/xtremepush/batches").asInt());
        assertTrue(same.at("/destinations/xtremepush/complete").asBoolean(), same.toString());
        assertEquals(2, forced.at("/destinations/xtremepush/resent").asLong());
        assertTrue(forced.get("full_resync").asBoolean());
        assertEquals(2, forced.at("/destinations/xtremepush/delivered").asLong());
        assertEquals(sentBefore + 2, simulator.processedUsers("xtremepush").size(), "nobody on day 2, everyone on day 3");
    }

    @Test
    void aDryRunQueuesAndRecordsNothingAndShowsWhatWouldBeSent() {
        Pipeline.put("mappings/dry.yaml", "dry_run: true\n");
        JsonNode dry = runs.run("incoming/dry/day1.csv", "user_id,first_name,email\nu1,Ann,ann@example.com\nu2,Bob,bad\n");

        assertTrue(dry.get("dry_run").asBoolean());
        assertEquals(2, dry.at("/destinations/evergage/new").asLong());
        assertEquals(1, dry.at("/destinations/insider/rejected").asLong());
        assertEquals("u1", dry.at("/destinations/insider/samples/users/users/0/identifiers/uuid").asText(), dry.toString());
        assertTrue(simulator.processedUsers("insider").isEmpty(), "nothing posted");
        assertTrue(LocalAwsResource.aws().s3().listObjectsV2(request -> request.bucket(LocalAwsResource.BUCKET)
                .prefix("state/dry/")).contents().isEmpty(), "no state recorded");
    }

    @Test
    void typesInTheMappingReachEachDestinationAsItsDocsAskAndABadValueRejectsItsRow() {
        Pipeline.put("mappings/typed.yaml", """
                types: {tags: array, score: number, vip: boolean, birthday: date, signed_up: datetime}
                """);
        JsonNode report = runs.run("incoming/typed/day1.csv", """
                user_id,tags,score,vip,birthday,signed_up
                u1,a|b,4.5,yes,1993-03-12T00:00:00+02:00,2024-05-01T10:00:00+02:00
                u2,"[""x"",1]",7,no,1980-01-01,2024-05-01
                u3,c,lots,yes,,
                """);

        JsonNode insider = simulator.accepted("insider").get(0).get("users");
        JsonNode ann = insider.get(0).at("/identifiers/uuid").asText().equals("u1") ? insider.get(0) : insider.get(1);
        assertEquals(Pipeline.parse("[\"a\",\"b\"]"), ann.at("/attributes/custom/tags"));
        assertTrue(ann.at("/attributes/custom/score").isNumber());
        assertTrue(ann.at("/attributes/custom/vip").isBoolean());
        assertEquals("1993-03-12T00:00:00Z", ann.at("/attributes/birthday").asText());
        assertEquals("2024-05-01T08:00:00Z", ann.at("/attributes/custom/signed_up").asText());
        JsonNode xtremepushAnn = simulator.holdings("xtremepush").get("u1");
        assertEquals("[\"a\",\"b\"]", xtremepushAnn.get("tags").textValue(), "an escaped JSON string, as documented");
        assertEquals("[\"x\",1]", simulator.holdings("xtremepush").get("u2").get("tags").textValue());
        assertEquals("4.5", simulator.holdings("evergage").get("u1").get("score").textValue(), "Evergage takes strings");
        for (String destination : List.of("insider", "xtremepush", "evergage")) {
            assertEquals(1, report.at("/destinations/" + destination + "/rejected").asLong(), destination);
        }
        JsonNode rejection = Pipeline.readJsonLines(report.get("rejected_rows").asText()).get(0);
        assertEquals(4, rejection.get("line").asLong());
        assertEquals("score", rejection.get("field").asText());
        assertEquals("type(number)", rejection.get("rule").asText());
    }

    @Test
    void aNamedSyncKeepsItsStateUnderItsNameAndAMappingFullResyncSendsEveryone() {
        Pipeline.put("mappings/named.yaml", "sync: crm-eu\n");
        String file = "user_id,first_name\nu1,Ann\n";
        runs.run("incoming/named/day1.csv", file);
        Pipeline.put("mappings/named.yaml", "sync: crm-eu\nfull_resync: true\n");

        JsonNode forced = runs.run("incoming/named/day2.csv", file);

        assertEquals("crm-eu", forced.get("sync").asText());
        assertTrue(forced.get("full_resync").asBoolean());
        assertEquals(1, forced.at("/destinations/insider/resent").asLong(), forced.toString());
        assertFalse(LocalAwsResource.aws().s3().listObjectsV2(request -> request.bucket(LocalAwsResource.BUCKET)
                .prefix("state/crm-eu/insider/")).contents().isEmpty(), "the state lives under the sync's name");
    }

    @Test
    void blanksClearIsRefusedWithOnePlainErrorBecauseNoDestinationDocumentsHowToClear() {
        Pipeline.put("mappings/clear.yaml", "destinations:\n  xtremepush:\n    blanks: {city: clear}\n");

        JsonNode report = runs.run("incoming/clear/day1.csv", "user_id,city\nu1,\n");

        assertEquals("failed", report.get("status").asText());
        String error = report.at("/errors/0/message").asText();
        assertTrue(error.contains("xtremepush") && error.contains("'city'") && error.contains("does not say how to clear"),
                error);
        assertTrue(simulator.processedUsers("xtremepush").isEmpty(), "nothing sent");
    }
}
