package io.profilesync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.LocalPipeline;
import io.profilesync.testing.SampleFiles;

/**
 * Poster throughput against the loopback vendor simulators, through the local S3 and SQS servers and the
 * packaged functions: splits a generated file, drains the queues, and prints batches/s and users/s per
 * vendor; then checks from the simulator's own request log that no rolling minute held more Insider
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
                "PROFILE_SYNC_VENDORS_INSIDER_REQUESTS_PER_MINUTE", Integer.toString(perMinute),
                "PROFILE_SYNC_VENDORS_INSIDER_MAX_ITEMS", "250");
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("profile-sync.runner-jar")), "512m",
                settings, line -> { })) {
            JsonNode outcome = pipeline.split(file, Optional.empty());
            String runId = outcome.get("run_id").asText();
            long start = System.nanoTime();
            pipeline.deliver(System.out::println);
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonNode report = pipeline.report(runId);

            System.out.printf("poster: %,d rows split, queues drained in %.1f s (Insider capped at %d requests/minute, 250 users a batch)%n",
                    rows, seconds, perMinute);
            report.path("vendors").fields().forEachRemaining(vendor -> {
                JsonNode counts = vendor.getValue();
                System.out.printf("  %-10s %,6d batches %,9d users delivered %,5d failed   %6.1f batches/s %,9.0f users/s%n",
                        vendor.getKey(), counts.path("batches_recorded").asInt(), counts.path("delivered").asLong(),
                        counts.path("failed").asLong(), counts.path("batches_recorded").asInt() / seconds,
                        counts.path("delivered").asLong() / seconds);
            });
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
