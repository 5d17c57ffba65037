package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.Pipeline;

/**
 * No file vanishes, on the local pipeline: the packaged splitter fails on every attempt (the first and Lambda's two
 * retries of an asynchronous invocation), its invocation record goes to the on-failure destination (the
 * split-failures queue) and the packaged split-failures function makes the run a failed one, with a manifest that says
 * why and a {@code Run Failed} event, and nothing delivered.
 */
class FailedSplitIT {

    private static final Path RUNNER = Path.of(System.getProperty("local.runner-jar", "target/profile-sync-runner.jar"));

    @Test
    void aSplitThatFailsOnEveryAttemptEndsInAFailedRun(@TempDir Path dir) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        // S3 refuses every read of the dropped file, as a bucket policy gone wrong would
        try (LocalPipeline pipeline = new LocalPipeline(RUNNER, "256m",
                Map.of("PROFILE_SYNC_TEST_S3_FAIL_GET_OBJECT_PREFIX", "incoming/"), log::add)) {
            JsonNode outcome = pipeline.split(Files.writeString(dir.resolve("customers.csv"),
                    "user_id,email,email_optin\nu1,u1@example.com,yes\n"), Optional.empty());

            assertEquals("failed", outcome.path("status").asText(), outcome.toString());
            assertEquals(3, log.stream().filter(line -> line.startsWith("[splitter] attempt ")).count(),
                    "the first attempt and Lambda's two retries: " + log);
            String error = assertFailedRun(pipeline, outcome.path("run_id").asText());
            assertTrue(error.contains("every attempt Lambda makes (3 attempts)") && error.contains("Access Denied"), error);
        }
    }

    @Test
    void aSplitterThatCannotRunInItsHeapEndsInAFailedRun(@TempDir Path dir) throws Exception {
        try (LocalPipeline pipeline = new LocalPipeline(RUNNER, "256m", line -> { })) {
            pipeline.heap("splitter", "6m");
            JsonNode outcome = pipeline.split(Files.writeString(dir.resolve("customers.csv"),
                    "user_id,email,email_optin\nu1,u1@example.com,yes\n"), Optional.empty());

            assertEquals("failed", outcome.path("status").asText(), outcome.toString());
            String error = assertFailedRun(pipeline, outcome.path("run_id").asText());
            assertTrue(error.contains("Runtime.ExitError: Runtime exited with error"), error);
        }
    }

    /** The run's manifest is a failed one, its event Run Failed saying the same, and nothing went to a destination. */
    private static String assertFailedRun(LocalPipeline pipeline, String runId) {
        JsonNode manifest = pipeline.readJson("runs/" + runId + "/manifest.json").orElseThrow(
                () -> new AssertionError("run " + runId + " has no manifest"));
        assertEquals("failed", manifest.path("status").asText(), manifest.toString());
        String error = manifest.at("/errors/0/message").asText();
        assertTrue(error.startsWith("the split failed for good: "), error);
        List<JsonNode> failed = pipeline.events().stream()
                .map(entry -> Pipeline.parse(entry.path("Detail").asText()))
                .filter(detail -> runId.equals(detail.path("run_id").asText())).toList();
        assertEquals(1, failed.size(), "one event for the run: " + failed);
        assertEquals("Run Failed", pipeline.events().stream().filter(entry -> entry.path("Detail").asText().contains(runId))
                .findFirst().orElseThrow().path("DetailType").asText());
        assertEquals(error, failed.get(0).at("/errors/0/message").asText());
        for (String destination : LocalPipeline.DESTINATIONS) {
            assertEquals(0, pipeline.simulator().holdings(destination).size(), destination + " received nothing");
        }
        return error;
    }
}
