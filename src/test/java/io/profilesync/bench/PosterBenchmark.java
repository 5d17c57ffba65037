package io.profilesync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.LocalPipeline;
import io.profilesync.testing.SampleFiles;

/**
 * Poster throughput against the loopback destination simulators, through the local S3 and SQS servers and the
 * packaged functions: splits a generated file, drains the queues, and prints batches/s and users/s per
 * destination; then checks from the simulator's own request log that no rolling minute held more Insider
 * requests than the configured limit. Not a test: run it with {@code infra/bench/poster [ROWS] [PER_MINUTE]}.
 */
public final class PosterBenchmark {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private PosterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int perMinute = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        Path file = SampleFiles.writeCsv(Files.createTempFile("poster-bench", ".csv"), rows);
        Map<String, String> settings = Map.of(
                "PROFILE_SYNC_DESTINATIONS_INSIDER_REQUESTS_PER_MINUTE", Integer.toString(perMinute),
                "PROFILE_SYNC_DESTINATIONS_INSIDER_MAX_ITEMS", "250");
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "512m",
                settings, line -> { })) {
            JsonNode outcome = pipeline.split(file, Optional.empty());
            String runId = outcome.get("run_id").asText();
            long start = System.nanoTime();
            pipeline.deliver(System.out::println);
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonNode report = pipeline.report(runId);

            System.out.printf("poster: %,d rows split, queues drained in %.1f s (Insider capped at %d requests/minute, 250 users a batch)%n",
                    rows, seconds, perMinute);
            report.path("destinations").fields().forEachRemaining(destination -> {
                JsonNode counts = destination.getValue();
                System.out.printf("  %-10s %,6d batches %,9d users delivered %,5d failed   %,6d requests %6.1f requests/s %,9.0f users/s%n",
                        destination.getKey(), counts.path("batches_recorded").asInt(), counts.path("delivered").asLong(),
                        counts.path("failed").asLong(), pipeline.simulator().requestTimes(destination.getKey()).size(),
                        pipeline.simulator().requestTimes(destination.getKey()).size() / seconds,
                        counts.path("delivered").asLong() / seconds);
            });
            printLatencies(pipeline, runId);
            List<Long> insider = pipeline.simulator().requestTimes("insider");
            int busiest = busiestMinute(insider);
            System.out.printf("  rate limit: %d Insider requests, at most %d in any rolling minute (limit %d): %s%n",
                    insider.size(), busiest, perMinute, busiest <= perMinute ? "HELD" : "EXCEEDED");
            System.out.printf("  complete: %s%n", report.path("complete").asBoolean());
            if (busiest > perMinute) {
                System.exit(1);
            }
        }
        System.exit(0);
    }

    /**
     * The poster's time per destination call (from the outcomes it recorded) next to the destination's own time per request
     * (measured by the simulator): the difference is what the client adds (serialisation, HTTP, guards). Only
     * synchronous answers compare: an asynchronous batch's outcome times its last task check.
     */
    private static void printLatencies(LocalPipeline pipeline, String runId) {
        Map<String, List<Long>> calls = new TreeMap<>();
        for (String key : pipeline.keys("runs/" + runId + "/outcomes/")) {
            pipeline.readJson(key).filter(outcome -> !outcome.hasNonNull("task_id")).ifPresent(outcome -> calls.computeIfAbsent(
                    outcome.path("destination").asText(), destination -> new ArrayList<>()).add(outcome.path("call_micros").asLong()));
        }
        System.out.println("  latency per destination call, ms: poster (client) vs destination simulator (server); added = client - server");
        calls.forEach((destination, client) -> {
            List<Long> server = new ArrayList<>(pipeline.simulator().serviceTimes(destination));
            long clientP50 = percentile(client, 50);
            long clientP99 = percentile(client, 99);
            long serverP50 = percentile(server, 50);
            long serverP99 = percentile(server, 99);
            System.out.printf("  %-10s client p50 %6.2f p99 %6.2f | server p50 %6.2f p99 %6.2f | added p50 %6.2f p99 %6.2f%n",
                    destination, clientP50 / 1e3, clientP99 / 1e3, serverP50 / 1e3, serverP99 / 1e3,
                    (clientP50 - serverP50) / 1e3, (clientP99 - serverP99) / 1e3);
        });
    }

    /** The nearest-rank percentile of some values (0 when there are none). */
    static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The most requests in any 60-second window, from a sorted list of arrival times. */
    static int busiestMinute(List<Long> times) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) >= MINUTE_NANOS) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
