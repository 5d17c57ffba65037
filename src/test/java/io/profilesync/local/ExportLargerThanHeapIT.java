package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.Fixtures;
import io.profilesync.destination.evergage.SimulatedEvergage;

/**
 * The packaged export function, in its own JVM with {@code -Xmx64m}, exports a population whose records
 * add up to about twice its heap, de-duplicating across pages.
 */
class ExportLargerThanHeapIT {

    private static final int USERS = 150_000;

    @Test
    void anExportLargerThanTheHeapIsStreamedToS3() {
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "64m",
                line -> { })) {
            pipeline.simulator().destination(SimulatedEvergage.class).export().configure(USERS, 10, 900);

            JsonNode result = pipeline.export(Fixtures.event("eventbridge-scheduler.json")
                    .replace("\"detail\": \"{}\"", "\"detail\": \"{\\\"pageSize\\\":2000}\""));

            assertEquals("succeeded", result.get("status").asText(), result.toString());
            assertEquals(USERS, result.get("records_written").asLong());
            assertTrue(result.get("records_read").asLong() * 900 > 2L * 64 * 1024 * 1024, "records add up to over twice the heap");
            assertEquals(result.get("records_read").asLong() - USERS, result.get("duplicates_removed").asLong());
        }
    }
}
