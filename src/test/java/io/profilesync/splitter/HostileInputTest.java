package io.profilesync.splitter;

import static io.profilesync.testing.Pipeline.drain;
import static io.profilesync.testing.Pipeline.invoke;
import static io.profilesync.testing.Pipeline.put;
import static io.profilesync.testing.Pipeline.readJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.BadInputCorpus;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.LocalEventBridge;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Hostile files dropped through the splitter's real trigger (an S3 event, LocalS3, ElasticMQ, the local EventBridge),
 * with the input limits set by configuration: each run fails with the plain error naming the line, the limit and its
 * setting, a manifest and a {@code Run Failed} event, and nothing is queued for any destination, in bounded time.
 */
@QuarkusTest
@TestProfile(HostileInputProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputTest {

    private LocalEventBridge events;

    @BeforeEach
    void setUp() {
        Pipeline.purgeQueues();
        events = LocalAwsResource.aws().events();
        events.clear();
    }

    @Test
    void eachHostileFileFailsItsRunWithAPlainFileErrorAndNothingQueued() {
        StringBuilder columns = new StringBuilder("user_id");
        for (int i = 1; i < 100_000; i++) {
            columns.append(",c").append(i);
        }
        List<Hostile> files = List.of(
                new Hostile("incoming/hostile/blank-bomb.csv.gz", BadInputCorpus.gzip("user_id,email\n", '\n', 1L << 30),
                        "unreadable CSV at line ", "the gzip file inflates to more than 67108864 bytes (the limit"
                                + " profile-sync.input.max-inflated-bytes)"),
                new Hostile("incoming/hostile/zero-bomb.jsonl.gz", BadInputCorpus.gzip("{\"user_id\":\"", '0', 1L << 30),
                        "unreadable input at line 1: ", "a record is longer than 8388608 bytes (the limit"
                                + " profile-sync.input.max-record-bytes)"),
                new Hostile("incoming/hostile/commas.csv.gz", BadInputCorpus.gzip("user_id,email\nu1", ',', 300_000_000),
                        "unreadable CSV at line 2: ", "a record has more than 1002 fields: the header's 2 and 1000 more"
                                + " (the limit profile-sync.input.max-columns)"),
                new Hostile("incoming/hostile/columns.csv", bytes(columns + "\nu1\n"),
                        "unreadable CSV at line 1: ", "the header has more than 1000 columns (the limit"
                                + " profile-sync.input.max-columns)"));
        List<String> keys = new ArrayList<>();
        for (Hostile file : files) {
            put(file.key(), file.content());
            keys.add(file.key());
        }

        JsonNode outcomes = invoke(S3Events.created(LocalAwsResource.BUCKET, keys.toArray(String[]::new))).get("outcomes");

        assertEquals(files.size(), outcomes.size());
        for (int i = 0; i < files.size(); i++) {
            assertFailedWithNothingSent(files.get(i), outcomes.get(i));
        }
    }

    @Test
    void aFileInChunksWhoseScanMeetsARecordOverTheLimitFailsAtThePlanWithNothingSent() {
        StringBuilder rows = new StringBuilder("user_id,notes\n");
        for (int i = 1; i <= 1_000; i++) {
            rows.append('u').append(i).append(",fine\n");
        }
        byte[] line = new byte[16 << 20];
        Arrays.fill(line, (byte) 'x');
        byte[] content = BadInputCorpus.concat(bytes(rows + "u1001,"), line);
        Hostile file = new Hostile("incoming/hostile/one-line.csv", content, "unreadable CSV at line 1002: ",
                "a record is longer than 8388608 bytes (the limit profile-sync.input.max-record-bytes)");
        put(file.key(), file.content());

        JsonNode outcome = invoke(S3Events.created(LocalAwsResource.BUCKET, file.key(), content.length)).get("outcomes")
                .get(0);

        // the 1,000 rows before the record are not sent either: the file is never read in one piece
        assertFailedWithNothingSent(file, outcome);
        assertEquals(List.of(), Pipeline.keys("split-chunks/" + outcome.get("run_id").asText() + "/"),
                "no chunk planned or queued");
    }

    private void assertFailedWithNothingSent(Hostile file, JsonNode outcome) {
        assertEquals("failed", outcome.get("status").asText(), file.key() + ": " + outcome);
        String runId = outcome.get("run_id").asText();
        JsonNode manifest = readJson("runs/" + runId + "/manifest.json");
        assertEquals("failed", manifest.get("status").asText());
        assertEquals(0, manifest.get("rows").asLong(), file.key());
        String message = manifest.at("/errors/0/message").asText();
        assertTrue(message.startsWith(file.line()) && message.endsWith(file.limit()), file.key() + ": " + message);
        manifest.get("destinations").forEach(destination -> assertEquals(0, destination.get("batches").asLong(), file.key()));
        for (String destination : LocalAwsResource.destinations()) {
            assertEquals(List.of(), drain(destination), file.key() + ": nothing queued for " + destination);
        }
        assertTrue(events.details("Run Failed").stream().anyMatch(event -> event.get("run_id").asText().equals(runId)),
                file.key() + ": " + events.entries());
    }

    /** A hostile file, the start of its error (its line) and the end (the limit and its setting). */
    private record Hostile(String key, byte[] content, String line, String limit) {
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
