package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.SampleFiles;

/**
 * The packaged splitter streams a file more than twice the size of its heap: it runs in its own JVM with
 * {@code -Xmx64m}, triggered by a real-shaped S3 event, against the local S3 and SQS servers. One destination is
 * enough to show the streaming, and keeps the test short.
 */
class LargeFileSplitIT {

    private static final long ROWS = 800_000;
    private static final String HEAP = "64m";

    @Test
    void aFileFarLargerThanTheHeapIsStreamedThrough(@TempDir Path dir) throws Exception {
        Path file = SampleFiles.writeCsv(dir.resolve("large.csv"), ROWS);
        Path insiderOnly = Files.writeString(dir.resolve("insider-only.yaml"), "destinations:\n  insider: {}\n");
        long size = Files.size(file);
        assertTrue(size > 2L * 64 * 1024 * 1024, "the file (" + size + " bytes) is twice the heap and more");

        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), HEAP,
                line -> { })) {
            JsonNode outcome = pipeline.split(file, Optional.of(insiderOnly));

            assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
            JsonNode manifest = pipeline.readJson("runs/" + outcome.get("run_id").asText() + "/manifest.json").orElseThrow();
            assertEquals(ROWS, manifest.get("rows").asLong());
            JsonNode insider = manifest.at("/destinations/insider");
            assertEquals(ROWS / 1_000, insider.get("rejected").asLong(), "every 1,000th email is invalid");
            assertEquals(ROWS, insider.get("accepted").asLong() + insider.get("rejected").asLong());
            assertEquals((insider.get("accepted").asLong() + 999) / 1_000, insider.get("batches").asLong());
        }
    }
}
