package io.profilesync.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.LocalPipeline;
import io.profilesync.local.SqsEventSource;
import io.profilesync.testing.SampleFiles;

/**
 * The chaos run: a generated file through the whole local pipeline (local S3 and SQS, the packaged functions)
 * while the vendor simulators misbehave ({@link ChaosPlan}): random 429s, 5xx, lost answers and dropped
 * connections; an Evergage outage that opens its breaker and ends; an Xtremepush outage that outlasts every
 * redelivery, so messages go to the dead-letter queue; the poster killed while Insider processes its request;
 * and SQS delivering messages twice. Once the queues are drained and the vendors have recovered, the
 * dead-letter queues are redriven as the README tells operators to, and delivered. Then {@link DeliveryAudit}
 * checks that every user is delivered (or rejected, or refused by the vendor for good), nothing was posted twice
 * without a lost answer and every repost is counted, and everything is printed. Run it with {@code infra/chaos/run [ROWS] [SEED]}.
 */
public final class ChaosRun {

    /** How long a failed message stays invisible before it comes back (the queue's visibility timeout, shortened). */
    static final int REDELIVERY_SECONDS = 4;
    /** The poster's read timeout; a lost answer is held longer. */
    private static final int READ_TIMEOUT_MILLIS = 2_000;
    private static final double FAULT_RATE = 0.08;

    private static final Map<String, String> POSTER_SETTINGS = posterSettings();

    private ChaosRun() {
    }

    /** What a chaos run did and found. */
    record Outcome(DeliveryAudit audit, Map<String, Map<String, Integer>> injected, int duplicateDeliveries,
            int invocationsLost, double seconds) {
    }

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Outcome outcome = run(Path.of(System.getProperty("profile-sync.runner-jar")), rows, seed, System.out);
        System.exit(outcome.audit().passed() ? 0 : 1);
    }

    static Outcome run(Path runnerJar, long rows, long seed, PrintStream out) throws IOException {
        Path file = SampleFiles.writeCsv(Files.createTempFile("chaos", ".csv"), rows);
        Path functionLog = Files.createTempFile("chaos-functions", ".log");
        out.printf("chaos run: %,d rows, seed %d; function logs in %s%n", rows, seed, functionLog);
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(functionLog, StandardCharsets.UTF_8), true);
                LocalPipeline pipeline = new LocalPipeline(runnerJar, "512m", POSTER_SETTINGS, REDELIVERY_SECONDS, log::println)) {
            Map<String, ChaosPlan> plans = plans(pipeline, seed, rows);
            plans.forEach(pipeline.simulator()::faultPlan);

            JsonNode split = pipeline.split(file, Optional.empty());
            String runId = split.get("run_id").asText();
            Map<String, SqsEventSource> sources = pipeline.eventSources();
            sources.values().forEach(source -> source.duplicateEvery(7));
            long start = System.nanoTime();
            pipeline.deliver(sources, progress -> out.println("  " + progress));
            double seconds = (System.nanoTime() - start) / 1e9;

            // the vendors recover; the operator redrives the dead-letter queues, as the README tells them to
            plans.values().forEach(ChaosPlan::awaitOutageEnd);
            Map<String, Long> redriven = new LinkedHashMap<>();
            for (String vendor : LocalPipeline.VENDORS) {
                redriven.put(vendor, pipeline.redriveDeadLetters(vendor));
            }
            out.printf("redriven from the dead-letter queues: %s%n", redriven);
            pipeline.deliver(sources, progress -> out.println("  " + progress));

            JsonNode report = pipeline.report(runId);
            long pending = sources.values().stream().mapToLong(SqsEventSource::pending).sum();
            DeliveryAudit audit = DeliveryAudit.of(pipeline, report, pending, redriven);
            Map<String, Map<String, Integer>> injected = new LinkedHashMap<>();
            plans.forEach((vendor, plan) -> injected.put(vendor, plan.injected()));
            Outcome outcome = new Outcome(audit, injected,
                    sources.values().stream().mapToInt(SqsEventSource::duplicateDeliveries).sum(),
                    sources.values().stream().mapToInt(SqsEventSource::functionErrors).sum(), seconds);
            ChaosPrinter.print(outcome, runId, out);
            return outcome;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Map<String, String> posterSettings() {
        Map<String, String> settings = new LinkedHashMap<>(LocalPipeline.everyVendor(Map.of(
                "INITIAL_BACKOFF", "100ms", "MAX_BACKOFF", "2s", "BREAKER_DELAY", "3s", "ATTEMPT_TIMEOUT", "5s")));
        settings.put("QUARKUS_REST_CLIENT_READ_TIMEOUT", Integer.toString(READ_TIMEOUT_MILLIS));
        settings.put("PROFILE_SYNC_POSTER_TIME_BUDGET", "20s");
        settings.put("PROFILE_SYNC_POSTER_CLAIM_MARGIN", "2s");
        settings.put("PROFILE_SYNC_VENDORS_INSIDER_MAX_ITEMS", "250");
        return settings;
    }

    /**
     * Every vendor meets random faults. Evergage is down for two redelivery periods from its 5th request (its
     * breaker opens; the batches get through once it is back); Xtremepush goes down once about half its batches
     * are posted, for longer than all redeliveries take (the rest end in the dead-letter queue, and the posted
     * ones' tasks cannot be checked); the poster is killed while Insider processes its 5th request (the answer is
     * lost, SQS delivers the batch again).
     */
    private static Map<String, ChaosPlan> plans(LocalPipeline pipeline, long seed, long rows) {
        int xtremepushBatches = (int) ((rows + 9_999) / 10_000);
        long lostAnswerMillis = READ_TIMEOUT_MILLIS + 1_000L;
        Map<String, ChaosPlan> plans = new LinkedHashMap<>();
        plans.put("evergage", new ChaosPlan(seed, FAULT_RATE, lostAnswerMillis)
                .outage(5, Duration.ofSeconds(2L * REDELIVERY_SECONDS)));
        plans.put("insider", new ChaosPlan(seed + 1, FAULT_RATE, lostAnswerMillis)
                .during(5, () -> pipeline.kill("poster")));
        plans.put("xtremepush", new ChaosPlan(seed + 2, FAULT_RATE, lostAnswerMillis)
                .outage(Math.max(2, xtremepushBatches / 2 + 1), Duration.ofSeconds(12L * REDELIVERY_SECONDS)));
        return plans;
    }
}
