package io.profilesync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.LocalPipeline;
import io.profilesync.testing.SampleFiles;

/**
 * The chunked split of a generated file through the local pipeline (local S3 kept on disk, SQS, the packaged
 * splitter and split-chunk functions, each in its own JVM as deployed): the upload (not timed with the split), the
 * plan, every split-chunk invocation, with the batches stored and queued but not delivered. The chunk queue is
 * drained until it is empty and the run's manifest exists, whatever number of messages the run puts on it; the
 * chunks' own time comes from their summaries, the rest of the invocations' time is what finishes the run (the
 * reduce). Not a test: {@code infra/bench/chunked} runs it.
 */
public final class ChunkedSplitBenchmark {

    /** The splitter's heap as Terraform deploys it (terraform/main.tf, split_jvm_options). */
    private static final String SPLITTER_HEAP = "1g";

    private ChunkedSplitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // arguments: ROWS CHUNK_BYTES FILE SPLIT_CHUNK_HEAP (the splitter has Terraform's 1 GB)
        long rows = Long.parseLong(args[0]);
        long chunkBytes = Long.parseLong(args[1]);
        Path file = Path.of(args[2]);
        String heap = args[3];
        if (!Files.exists(file) || Files.size(file) == 0) {
            SampleFiles.writeCsv(file, rows);
        }
        Path buckets = Files.createTempDirectory("chunked-bench");
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), heap,
                Map.of("PROFILE_SYNC_SPLIT_CHUNK_BYTES", Long.toString(chunkBytes)), 60, Optional.of(buckets), line -> { })) {
            pipeline.heap("splitter", SPLITTER_HEAP);
            String key = "incoming/" + file.getFileName();
            long bytes = Files.size(file);
            long uploadStart = System.nanoTime();
            pipeline.upload(file, key);
            double upload = seconds(uploadStart);
            long start = System.nanoTime();
            JsonNode outcome = pipeline.splitUploaded(key);
            double plan = seconds(start);
            String runId = outcome.path("run_id").asText();
            if (!"chunked".equals(outcome.path("status").asText())) {
                throw new IllegalStateException("the splitter did not split the file in chunks: " + outcome);
            }
            long chunksStart = System.nanoTime();
            List<Duration> invocations = pipeline.splitChunks(runId, line -> { });
            double drain = seconds(chunksStart);
            JsonNode manifest = pipeline.readJson("runs/" + runId + "/manifest.json").orElseThrow();
            List<Double> chunkSeconds = new ArrayList<>();
            for (String summary : pipeline.keys("split-chunks/" + runId + "/")) {
                if (summary.endsWith("/summary.json")) {
                    chunkSeconds.add(pipeline.readJson(summary).orElseThrow().path("seconds").asDouble());
                }
            }
            double chunks = chunkSeconds.stream().mapToDouble(Double::doubleValue).sum();
            double slowestChunk = chunkSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double invoked = invocations.stream().mapToDouble(invocation -> invocation.toNanos() / 1e9).sum();
            double slowestInvocation = invocations.stream().mapToDouble(invocation -> invocation.toNanos() / 1e9).max().orElse(0);
            long manifestRows = manifest.path("rows").asLong();
            String status = manifest.path("status").asText();
            System.out.printf("chunked split through the local pipeline: %,d rows, %.1f MB, chunks of %,d bytes: %s, %d chunks,"
                    + " heap: splitter %s, split-chunk %s%n", manifestRows, bytes / 1e6, chunkBytes, status,
                    manifest.path("chunks").asInt(), SPLITTER_HEAP, heap);
            System.out.printf("  upload (multipart, %d MiB parts; not in the total) %7.1f s%n", LocalPipeline.PART_BYTES >> 20, upload);
            System.out.printf("  plan (splitter: record boundaries)   %7.1f s%n", plan);
            System.out.printf("  split-chunk invocations              %7.1f s  (%d invocations, slowest %.1f s; the queue drained in %.1f s)%n",
                    invoked, invocations.size(), slowestInvocation, drain);
            System.out.printf("    of which the chunks (summaries)    %7.1f s  (%d chunks: mean %.1f s, slowest %.1f s)%n", chunks,
                    chunkSeconds.size(), chunks / Math.max(1, chunkSeconds.size()), slowestChunk);
            System.out.printf("    the rest: reduce (and cold start)  %7.1f s%n", invoked - chunks);
            System.out.printf("  total (plan + queue drained)         %7.1f s  (%,.0f rows/s)%n", plan + drain,
                    manifestRows / (plan + drain));
            System.out.printf("  peak RSS (MB): splitter %s, split-chunk %s, this JVM (local S3, SQS) %s%n",
                    pipeline.peakRssMegabytes("splitter").stream().mapToObj(mb -> String.format("%,d", mb)).findFirst().orElse("?"),
                    pipeline.peakRssMegabytes("split-chunk").stream().mapToObj(mb -> String.format("%,d", mb)).findFirst().orElse("?"),
                    SyncBenchmark.peakRssMegabytes());
            manifest.path("destinations").fields().forEachRemaining(destination -> System.out.printf(
                    "  %-10s accepted %,d rejected %,d batches %,d%n", destination.getKey(),
                    destination.getValue().path("accepted").asLong(), destination.getValue().path("rejected").asLong(),
                    destination.getValue().path("batches").asLong()));
            manifest.path("destinations").fields().forEachRemaining(destination -> System.out.printf(
                    "  %-10s superseded %,d%n", destination.getKey(), destination.getValue().path("superseded").asLong()));
            if (!"succeeded".equals(status) || manifestRows != rows) {
                System.out.printf("FAILED: run %s is %s with %,d rows of %,d%n", runId, status, manifestRows, rows);
                System.exit(1);
            }
        } finally {
            delete(buckets);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
