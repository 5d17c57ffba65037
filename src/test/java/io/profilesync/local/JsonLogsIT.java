package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.Pipeline;

/**
 * The packaged functions as Terraform deploys them ({@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true}): every log line
 * is a JSON object, the splitter's and the poster's carry the run id (and the poster's the destination and batch) in
 * their MDC, and personal data stays masked.
 */
class JsonLogsIT {

    @Test
    void deployedFunctionsLogJsonLinesWithTheRunDestinationAndBatch(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        String runId;
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "256m",
                Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"), line -> { })) {
            pipeline.logFunctionsTo(logs);
            runId = pipeline.split(Files.writeString(dir.resolve("customers.csv"),
                    "user_id,email,email_optin\nu1,ann@example.com,yes\nu2,not-an-email,yes\n"), Optional.empty())
                    .path("run_id").asText();
            pipeline.deliver(progress -> { });
        }

        List<JsonNode> splitter = jsonLines(logs.resolve("splitter.log"));
        assertTrue(splitter.stream().anyMatch(line -> line.path("message").asText().contains("as run " + runId)
                && runId.equals(line.at("/mdc/run_id").asText())), "the split's line carries its run: " + splitter);
        List<JsonNode> poster = jsonLines(logs.resolve("poster.log"));
        assertTrue(poster.stream().anyMatch(line -> runId.equals(line.at("/mdc/run_id").asText())
                && "insider".equals(line.at("/mdc/destination").asText()) && !line.at("/mdc/batch").asText().isEmpty()),
                "the poster's lines carry run, destination and batch: " + poster);
        String everything = Files.readString(logs.resolve("splitter.log")) + Files.readString(logs.resolve("poster.log"));
        assertFalse(everything.contains("ann@example.com") || everything.contains("not-an-email"),
                "no e-mail address in clear");
    }

    /**
     * The log's lines, each of which must be a JSON object (metric lines included); only the JVM's own notice of
     * {@code JAVA_TOOL_OPTIONS} (the collector Terraform sets), printed before the application starts, is text.
     */
    private static List<JsonNode> jsonLines(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("Picked up JAVA_TOOL_OPTIONS:")).toList();
        assertFalse(lines.isEmpty(), log + " is empty");
        for (String line : lines) {
            assertTrue(line.startsWith("{") && Pipeline.parse(line).isObject(), "not a JSON line in " + log + ": " + line);
        }
        return lines.stream().map(Pipeline::parse).toList();
    }
}
