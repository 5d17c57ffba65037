package io.profilesync.export;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.profilesync.simulator.Fault;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.Fixtures;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.evergage.SimulatedEvergage;
import io.profilesync.destination.evergage.SimulatedUserExport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Scheduled Evergage exports, triggered with the real EventBridge Scheduler event shape. */
@QuarkusTest
@TestProfile(ExportProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class ExportFunctionTest {

    private DestinationSimulator simulator;

    @BeforeEach
    void reset() {
        simulator = DestinationSimulatorResource.simulator();
        simulator.reset();
        io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void everyPageIsReadAFailedPageRetriedAndEachUsersLastRecordKept() {
        export().configure(230, 5, 300);
        simulator.inject("evergage", Fault.status(500));

        JsonNode result = Pipeline.invoke(schedule("{\"format\":\"json\",\"pageSize\":50}"));

        assertEquals("succeeded", result.get("status").asText());
        assertEquals(6, result.get("pages").asInt(), "five pages of users and the empty one");
        assertEquals(230 + 4 * 5, result.get("records_read").asLong());
        assertEquals(4 * 5, result.get("duplicates_removed").asLong());
        List<JsonNode> users = Pipeline.readJsonLines(result.get("key").asText());
        assertEquals(230, users.size());
        Map<String, Integer> scores = new HashMap<>();
        users.forEach(user -> scores.put(user.get("name").asText(), user.get("engagementScore").asInt()));
        assertEquals(230, scores.size(), "each user once");
        assertEquals(1, scores.get("user-49"), "user-49 appeared on pages 0 and 1: the later record wins");
        assertEquals(0, scores.get("user-10"));
        JsonNode manifest = Pipeline.readJson(result.get("manifest").asText());
        assertEquals(result.get("key"), manifest.get("key"));
    }

    @Test
    void theWindowEndsAtTheScheduleTimeAndOptionsComeFromTheSchedulesDetail() {
        export().configure(3, 0, 200);

        JsonNode result = Pipeline.invoke(schedule("{\"format\":\"csv\",\"segmentId\":\"seg-1\",\"includeGeo\":true}"));

        long end = Instant.parse("2024-05-07T15:58:34Z").toEpochMilli();
        assertEquals(end, result.at("/query/end").asLong());
        assertEquals(end - Duration.ofDays(1).toMillis(), result.at("/query/start").asLong());
        assertEquals("seg-1", result.at("/query/segment_id").asText());
        String csv = Pipeline.readText(result.get("key").asText());
        assertTrue(csv.startsWith("name,displayName,engagementScore,padding\n"), csv);
        assertEquals(4, csv.lines().count());
    }

    @Test
    void aCsvExportNeutralisesCellsASpreadsheetWouldRunAsFormulas() throws IOException {
        export().configure(4, 0, 50);
        export().displayNames(Map.of(0, "=1+2", 1, "@SUM(A1)", 2, "-3"));

        JsonNode result = Pipeline.invoke(schedule("{\"format\":\"csv\"}"));

        List<String> names = new ArrayList<>();
        try (var rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).readerFor(String[].class)
                .<String[]>readValues(Pipeline.readText(result.get("key").asText()))) {
            rows.forEachRemaining(row -> names.add(row[1]));
        }
        assertEquals(List.of("displayName", "'=1+2", "'@SUM(A1)", "'-3", "User 3"), names, "read as a spreadsheet reads it");
    }

    @Test
    void anExportThatKeepsFailingLeavesOnlyAFailedManifest() {
        export().configure(20, 0, 200);
        Fault[] outage = new Fault[40];
        java.util.Arrays.fill(outage, Fault.status(503));
        simulator.inject("evergage", outage);

        JsonNode manifest = failedExport("failing", "{\"dataset\":\"failing\"}");

        assertFalse(manifest.get("error").asText().isBlank());
    }

    @Test
    void theIdFieldThatIdentifiesUsersComesFromTheSchedule() {
        export().configure(120, 5, 200);
        export().idField("userId");

        JsonNode result = Pipeline.invoke(schedule("{\"pageSize\":50,\"idField\":\"userId\"}"));

        assertEquals("succeeded", result.get("status").asText());
        assertEquals("userId", result.get("id_field").asText());
        assertEquals(2 * 5, result.get("duplicates_removed").asLong());
        List<JsonNode> users = Pipeline.readJsonLines(result.get("key").asText());
        assertEquals(120, users.stream().map(user -> user.get("userId").asText()).distinct().count(), "each user once");
        assertEquals(120, users.size());
    }

    @Test
    void aRecordWithoutItsIdFailsTheExportNamingTheFieldPageAndRecord() {
        export().configure(120, 5, 200);
        export().withoutId(57, null);

        JsonNode manifest = failedExport("no-id", "{\"dataset\":\"no-id\",\"pageSize\":50}");

        // page 1 repeats users 45 to 49 before its own 50 to 99: user 57 is its 13th record
        assertEquals("record 13 of page=1 has no value for the id field \"name\" (profile-sync.export.id-field, "
                + "or the schedule's idField)", manifest.get("error").asText());
        assertEquals("name", manifest.get("id_field").asText());
    }

    @Test
    void aRecordWithAnEmptyIdFailsTheExportRatherThanKeepingOneOfThem() {
        export().configure(120, 0, 200);
        export().withoutId(3, "");

        JsonNode manifest = failedExport("empty-id", "{\"dataset\":\"empty-id\",\"pageSize\":50,\"format\":\"csv\"}");

        assertTrue(manifest.get("error").asText().startsWith("record 4 of page=0 has no value for the id field \"name\""),
                manifest.toString());
    }

    @Test
    void aCsvExportWithoutTheIdColumnFailsNamingIt() {
        export().configure(20, 0, 200);
        export().idField("userId");

        JsonNode manifest = failedExport("no-column", "{\"dataset\":\"no-column\",\"format\":\"csv\"}");

        assertTrue(manifest.get("error").asText().startsWith("the CSV header of page=0 has no column \"name\""),
                manifest.toString());
    }

    /** Runs an export that must fail: the invocation fails, and its manifest is all it leaves. */
    private SimulatedUserExport export() {
        return simulator.destination(SimulatedEvergage.class).export();
    }

    private static JsonNode failedExport(String dataset, String detail) {
        given().contentType(ContentType.JSON).body(schedule(detail)).when().post()
                .then().statusCode(500);

        List<String> keys = LocalAwsResource.aws().s3().listObjectsV2Paginator(r -> r.bucket(LocalAwsResource.BUCKET)
                .prefix("exports/" + dataset + "/")).contents().stream().map(o -> o.key()).toList();
        assertEquals(1, keys.size(), "no export file, only its manifest: " + keys);
        assertTrue(keys.get(0).endsWith(".manifest.json"));
        JsonNode manifest = Pipeline.readJson(keys.get(0));
        assertEquals("failed", manifest.get("status").asText());
        return manifest;
    }

    private static String schedule(String detail) {
        ObjectNode event = (ObjectNode) Pipeline.parse(Fixtures.event("eventbridge-scheduler.json"));
        event.put("detail", detail);
        return event.toString();
    }
}
