package io.profilesync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.LocalPipeline;
import io.profilesync.testing.SampleFiles;

/**
 * The splitter end to end: the packaged function in its own JVM, invoked with the S3 event, reading the file
 * from the local S3 server, storing every batch there and queueing its message on the local SQS server. A small
 * file first (cold start), then the measured one. Prints rows/s, MB/s, batches and messages. Not a test: run it
 * with {@code infra/bench/splitter-e2e [ROWS] [FUNCTION_HEAP]}.
 */
public final class SplitterEndToEndBenchmark {

    private SplitterEndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String heap = args.length > 1 ? args[1] : "512m";
        Path warmUp = SampleFiles.writeCsv(Files.createTempFile("warm-up", ".csv"), 1_000);
        Path file = SampleFiles.writeCsv(Files.createTempFile("splitter-e2e", ".csv"), rows);
        long bytes = Files.size(file);
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), heap,
                line -> { })) {
            long coldStart = System.nanoTime();
            pipeline.split(warmUp, Optional.empty());
            double coldSeconds = (System.nanoTime() - coldStart) / 1e9;

            pipeline.upload(file, "incoming/" + file.getFileName());
            long start = System.nanoTime();
            JsonNode outcome = pipeline.splitUploaded("incoming/" + file.getFileName());
            double seconds = (System.nanoTime() - start) / 1e9;

            JsonNode manifest = pipeline.readJson("runs/" + outcome.path("run_id").asText() + "/manifest.json")
                    .orElseThrow(() -> new IllegalStateException("the split left no manifest: " + outcome));
            System.out.printf("splitter end to end: %,d rows, %.1f MB, function heap %s, local S3 and SQS%n",
                    manifest.path("rows").asLong(), bytes / 1e6, heap);
            System.out.printf("  first invocation (JVM start + 1,000 rows)  %.2f s%n", coldSeconds);
            System.out.printf("  time      %.2f s (S3 event in to result out)%n", seconds);
            System.out.printf("  rows/s    %,.0f%n", manifest.path("rows").asLong() / seconds);
            System.out.printf("  MB/s      %.1f%n", bytes / 1e6 / seconds);
            manifest.path("destinations").fields().forEachRemaining(destination -> System.out.printf(
                    "  %-10s accepted %,d rejected %,d batches stored and queued %,d%n", destination.getKey(),
                    destination.getValue().path("accepted").asLong(), destination.getValue().path("rejected").asLong(),
                    destination.getValue().path("batches").asInt()));
            for (String destination : LocalPipeline.DESTINATIONS) {
                System.out.printf("  %-10s messages on the queue %,d%n", destination, pipeline.eventSources().get(destination).pending());
            }
        }
        System.exit(0);
    }
}
