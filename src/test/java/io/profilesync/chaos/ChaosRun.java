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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.chaos.ChaosFiles.ChaosFile;
import io.profilesync.chaos.DeliveryAudit.AuditedRun;
import io.profilesync.local.LocalPipeline;
import io.profilesync.local.SqsEventSource;

/**
 * The chaos run: a generated file through the whole local pipeline (local S3 and SQS, the packaged functions)
 * while the destination simulators misbehave ({@link ChaosPlan}): random 429s, 5xx, lost answers and dropped
 * connections; an Evergage outage that opens its breaker and ends; an Xtremepush outage that outlasts every
 * redelivery, so messages go to the dead-letter queue; the poster killed while Insider processes its request;
 * and SQS delivering messages twice. Once the queues are drained and the destinations have recovered, the
 * dead-letter queues are redriven as docs/operating.md tells operators to, and delivered. Then a newer run overtakes a
 * held one ({@link #overtake}). Then {@link DeliveryAudit} checks that every user of every run is delivered (or
 * rejected, or refused by the destination for good, or stale: a newer run carries it), each destination holds the newest
 * run's value of every user and never took an older one after it, nothing was posted twice without a lost answer
 * and the reposts are counted exactly, and everything is printed. Run it with {@code infra/chaos/run [ROWS] [SEED]}.
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
            int invocationsLost, double seconds, Map<String, Long> heldDeadLetters) {
    }

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Outcome outcome = run(Path.of(System.getProperty("local.runner-jar")), rows, seed, System.out);
        System.exit(outcome.audit().passed() ? 0 : 1);
    }

    static Outcome run(Path runnerJar, long rows, long seed, PrintStream out) throws IOException {
        ChaosFile first = ChaosFiles.first(rows);
        Path functionLog = Files.createTempFile("chaos-functions", ".log");
        out.printf("chaos run: %,d rows, seed %d; function logs in %s%n", rows, seed, functionLog);
        Duration drainLimit = Duration.ofMinutes(3).plusMillis(rows * 6);
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(functionLog, StandardCharsets.UTF_8), true);
                LocalPipeline pipeline = new LocalPipeline(runnerJar, "512m", POSTER_SETTINGS, REDELIVERY_SECONDS, log::println)) {
            Map<String, ChaosPlan> plans = plans(pipeline, seed, rows);
            plans.forEach(pipeline.simulator()::faultPlan);
            // on a loaded machine an answer can miss the poster's read timeout without a fault: count it lost too
            pipeline.simulator().answersLostAfter(Duration.ofMillis(READ_TIMEOUT_MILLIS / 2));

            String runId = split(pipeline, first, drainLimit);
            Map<String, SqsEventSource> sources = pipeline.eventSources();
            sources.values().forEach(source -> source.duplicateEvery(7));
            long start = System.nanoTime();
            drain(pipeline, sources, "the first run", drainLimit, out);
            double seconds = (System.nanoTime() - start) / 1e9;

            // the destinations recover; the operator redrives the dead-letter queues, as docs/operating.md tells them to
            plans.values().forEach(ChaosPlan::awaitOutageEnd);
            Map<String, Long> redriven = redrive(pipeline, out);
            drain(pipeline, sources, "the first run's redrive", drainLimit, out);

            Overtaken overtaken = overtake(pipeline, plans, sources, first, drainLimit, out);
            overtaken.redriven().forEach((destination, count) -> redriven.merge(destination, count, Long::sum));

            List<AuditedRun> runs = List.of(new AuditedRun(report(pipeline, runId, drainLimit), first, false),
                    new AuditedRun(report(pipeline, overtaken.heldRunId(), drainLimit), overtaken.held(), true),
                    new AuditedRun(report(pipeline, overtaken.newerRunId(), drainLimit), overtaken.newer(), false));
            long pending = sources.values().stream().mapToLong(SqsEventSource::pending).sum();
            DeliveryAudit audit = DeliveryAudit.of(pipeline, runs, pending, redriven);
            Map<String, Map<String, Integer>> injected = new LinkedHashMap<>();
            plans.forEach((destination, plan) -> injected.put(destination, plan.injected()));
            Outcome outcome = new Outcome(audit, injected,
                    sources.values().stream().mapToInt(SqsEventSource::duplicateDeliveries).sum(),
                    sources.values().stream().mapToInt(SqsEventSource::functionErrors).sum(), seconds,
                    overtaken.heldDeadLetters());
            ChaosPrinter.print(outcome, runs.stream().map(run -> run.report().path("run_id").asText()).toList(), out);
            return outcome;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The overtaking phase's runs, and what the held run's outage sent to the dead-letter queues. */
    private record Overtaken(ChaosFile held, String heldRunId, ChaosFile newer, String newerRunId,
            Map<String, Long> heldDeadLetters, Map<String, Long> redriven) {
    }

    /**
     * A newer run overtakes a held one: with every destination down, a file carrying the first fifth of the first file's
     * users with newer values is split and its batches end in the dead-letter queues; the destinations come back, a newer
     * file carrying every third of those users with newer values still is split and delivered; then the operator
     * redrives the dead-letter queues and the held run is delivered, after the newer one.
     */
    private static Overtaken overtake(LocalPipeline pipeline, Map<String, ChaosPlan> plans, Map<String, SqsEventSource> sources,
            ChaosFile first, Duration limit, PrintStream out) throws IOException {
        ChaosFile held = ChaosFiles.newer(first, row -> row <= Math.max(1, first.rows() / 5));
        ChaosFile newer = ChaosFiles.newer(held, row -> row % 3 == 1);
        out.printf("%na newer run overtakes a held one: every destination down, run 2 (%,d users) split and held%n", held.rows());
        plans.values().forEach(plan -> plan.down(true));
        String heldRunId = split(pipeline, held, limit);
        drain(pipeline, sources, "run 2 while every destination is down", limit, out);
        Map<String, Long> heldDeadLetters = new LinkedHashMap<>();
        for (String destination : LocalPipeline.DESTINATIONS) {
            heldDeadLetters.put(destination, pipeline.deadLetters(destination));
        }
        out.printf("run 2's batches in the dead-letter queues: %s%n", heldDeadLetters);
        plans.values().forEach(plan -> plan.down(false));
        out.printf("the destinations are back; run 3 (%,d of run 2's users, newer values) split and delivered%n", newer.rows());
        String newerRunId = split(pipeline, newer, limit);
        drain(pipeline, sources, "run 3", limit, out);
        Map<String, Long> redriven = redrive(pipeline, out);
        drain(pipeline, sources, "run 2's redrive", limit, out);
        return new Overtaken(held, heldRunId, newer, newerRunId, heldDeadLetters, redriven);
    }

    private static Map<String, Long> redrive(LocalPipeline pipeline, PrintStream out) {
        Map<String, Long> redriven = new LinkedHashMap<>();
        for (String destination : LocalPipeline.DESTINATIONS) {
            redriven.put(destination, pipeline.redriveDeadLetters(destination));
        }
        out.printf("redriven from the dead-letter queues: %s%n", redriven);
        return redriven;
    }

    /** Drops the file and splits it; answers its run id. */
    private static String split(LocalPipeline pipeline, ChaosFile file, Duration limit) {
        JsonNode outcome = within(limit, "the split of " + file.path(), () -> pipeline.split(file.path(), Optional.empty()));
        return outcome.get("run_id").asText();
    }

    private static JsonNode report(LocalPipeline pipeline, String runId, Duration limit) {
        return within(limit, "the report of run " + runId, () -> pipeline.report(runId));
    }

    /** Runs the poster on the destination queues until they are drained; fails when they are not within {@code limit}. */
    private static void drain(LocalPipeline pipeline, Map<String, SqsEventSource> sources, String what, Duration limit,
            PrintStream out) {
        within(limit, "delivering " + what + " (" + sources.values().stream().mapToLong(SqsEventSource::pending).sum()
                + " messages queued at the start)", () -> {
                    pipeline.deliver(sources, progress -> out.println("  " + progress));
                    return null;
                });
    }

    /**
     * Runs a step of the chaos run on its own thread and waits for it at most {@code limit}; past that it is
     * interrupted and the run fails, naming the step (closing the pipeline then stops what the step was waiting for).
     */
    private static <T> T within(Duration limit, String step, Callable<T> work) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "chaos-step");
            daemon.setDaemon(true);
            return daemon;
        });
        Future<T> result = thread.submit(work);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new IllegalStateException("chaos run stuck: " + step + " did not end within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(step, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + step, e);
        } finally {
            thread.shutdownNow();
        }
    }

    private static Map<String, String> posterSettings() {
        Map<String, String> settings = new LinkedHashMap<>(LocalPipeline.everyDestination(Map.of(
                "INITIAL_BACKOFF", "100ms", "MAX_BACKOFF", "2s", "BREAKER_DELAY", "3s", "ATTEMPT_TIMEOUT", "5s")));
        settings.put("QUARKUS_REST_CLIENT_READ_TIMEOUT", Integer.toString(READ_TIMEOUT_MILLIS));
        settings.put("PROFILE_SYNC_POSTER_TIME_BUDGET", "20s");
        settings.put("PROFILE_SYNC_POSTER_CLAIM_MARGIN", "2s");
        settings.put("PROFILE_SYNC_DESTINATIONS_INSIDER_MAX_ITEMS", "250");
        return settings;
    }

    /**
     * Every destination meets random faults. Evergage is down for two redelivery periods from its 5th request (its
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
