package io.profilesync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.LocalPipeline;
import io.profilesync.testing.SampleFiles;

/**
 * The chunked split of a generated file through the local pipeline (local S3 kept on disk, SQS, the packaged
 * splitter and split-chunk functions, each in its own JVM as deployed): the plan, each chunk, the reduce, with
 * the batches stored and queued but not delivered. Not a test: {@code infra/bench/chunked} runs it.
 */
public final class ChunkedSplitBenchmark {

    private ChunkedSplitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        // arguments: ROWS CHUNK_BYTES FILE FUNCTION_HEAP
        long chunkBytes = Long.parseLong(args[1]);
        Path file = Path.of(args[2]);
        String heap = args[3];
        if (!Files.exists(file) || Files.size(file) == 0) {
            SampleFiles.writeCsv(file, rows);
        }
        Path buckets = Files.createTempDirectory("chunked-bench");
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("profile-sync.runner-jar")), heap,
                Map.of("PROFILE_SYNC_SPLIT_CHUNK_BYTES", Long.toString(chunkBytes)), 60, Optional.of(buckets), line -> { })) {
            String key = "incoming/" + file.getFileName();
            pipeline.upload(file, key);
            long start = System.nanoTime();
            JsonNode outcome = pipeline.splitUploaded(key);
            double plan = seconds(start);
            String runId = outcome.path("run_id").asText();
            long chunksStart = System.nanoTime();
            pipeline.splitChunks(line -> { });
            double chunksAndReduce = seconds(chunksStart);
            JsonNode manifest = pipeline.readJson("runs/" + runId + "/manifest.json").orElseThrow(
                    () -> new IllegalStateException("no manifest: " + outcome));
            List<Double> chunkSeconds = new ArrayList<>();
            for (String summary : pipeline.keys("split-chunks/" + runId + "/")) {
                if (summary.endsWith("/summary.json")) {
                    chunkSeconds.add(pipeline.readJson(summary).orElseThrow().path("seconds").asDouble());
                }
            }
            double chunks = chunkSeconds.stream().mapToDouble(Double::doubleValue).sum();
            double slowest = chunkSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double reduce = chunksAndReduce - chunks;
            long bytes = Files.size(file);
            System.out.printf("chunked split: %,d rows, %.1f MB, chunks of %,d bytes: %s, %d chunks, function heap %s%n",
                    manifest.path("rows").asLong(), bytes / 1e6, chunkBytes, manifest.path("status").asText(),
                    manifest.path("chunks").asInt(), heap);
            System.out.printf("  plan (splitter: record boundaries)  %7.1f s%n", plan);
            System.out.printf("  chunks, one after the other          %7.1f s  (per chunk: mean %.1f s, slowest %.1f s)%n", chunks,
                    chunks / chunkSeconds.size(), slowest);
            System.out.printf("  reduce (last chunk's invocation)     %7.1f s%n", reduce);
            System.out.printf("  total                                %7.1f s  (%,.0f rows/s)%n", plan + chunksAndReduce,
                    manifest.path("rows").asLong() / (plan + chunksAndReduce));
            manifest.path("vendors").fields().forEachRemaining(vendor -> System.out.printf(
                    "  %-10s accepted %,d rejected %,d superseded %,d batches %,d%n", vendor.getKey(),
                    vendor.getValue().path("accepted").asLong(), vendor.getValue().path("rejected").asLong(),
                    vendor.getValue().path("superseded").asLong(), vendor.getValue().path("batches").asLong()));
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
