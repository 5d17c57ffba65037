package io.profilesync.splitter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.ingest.RangedFile;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.splitting.BatchSink;
import io.profilesync.splitting.DestinationState;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SupersededSink;
import io.profilesync.splitting.SyncMode;
import io.quarkus.runtime.StartupEvent;

/**
 * SnapStart "invoke priming" for the functions that split files: before Lambda snapshots a published version, the
 * splitter core splits a generated file ({@link SyntheticCustomers}) for every enabled destination, with nothing
 * stored, queued or sent, so that each environment restored from the snapshot starts with the split's classes loaded
 * and its code compiled, as a JVM that has already split a file has (without it, a cold split spends about a fifth of its
 * CPU compiling: BENCHMARKS.md). Runtime hooks: https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 * ({@code beforeCheckpoint} counts against the initialization limit, 130 s or the function's timeout if longer). Only the
 * snapshot runs it: an unpublished version, a native function and the local run never call the hook.
 */
@ApplicationScoped
public class SplitPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SplitPriming.class);
    /** The functions whose work is the split ({@code QUARKUS_FUNQY_EXPORT}). */
    static final Set<String> SPLITTING_FUNCTIONS = Set.of("splitter", "split-chunk");

    static final long ROUND_ROWS = 200_000;
    /** Where priming's batches go: nowhere. */
    private static final BatchSink DROPPED = (destination, batch) -> { };
    private static final long SETTLE_SECONDS = 30;

    private final SplitRuns runs;
    private final long rows;
    private final String function;

    SplitPriming(SplitRuns runs, ProfileSyncConfig config, @ConfigProperty(name = "quarkus.funqy.export") String function) {
        this.runs = runs;
        this.rows = config.split().primingRows();
        this.function = function;
    }

    /** Registers the hook with the runtime's checkpoint coordination when this function splits files. */
    void register(@Observes StartupEvent started) {
        if (applies()) {
            Core.getGlobalContext().register(this);
        }
    }

    boolean applies() {
        return rows > 0 && SPLITTING_FUNCTIONS.contains(function);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: priming holds no connection, file or thread
    }

    /**
     * Splits the generated rows; a failure is logged, never thrown, as the snapshot is as good without priming, only
     * slower to split its first file. Answers each round's result, or an empty list when priming failed.
     */
    List<RunResult> prime() {
        long start = System.nanoTime();
        try {
            List<RunResult> rounds = prime(runs.splitter(), rows, runs.memoryBudget());
            LOG.infof("primed the split for the snapshot: %,d generated rows in %d rounds for %s in %.1f s", rows,
                    rounds.size(), rounds.get(0).destinations().keySet(), (System.nanoTime() - start) / 1e9);
            return rounds;
        } catch (RuntimeException e) {
            LOG.warnf("priming the split failed; the snapshot is taken without it: %s", e.toString());
            return List.of();
        }
    }

    /**
     * What the hook runs: {@code rows} generated rows split by {@code splitter} with the default mapping, every batch
     * dropped, in rounds of at most {@value #ROUND_ROWS} rows (a round's items stay about within the memory budget,
     * so priming needs little of /tmp), the last of them a typed Parquet file (its reader, and the typed values'
     * paths, are compiled too), then a collection, so that the first real split does not inherit the generated rows'
     * garbage. The compilers need about a million rows before they have compiled what a split runs: after 300,000 the
     * split still spent a tenth to two fifths more CPU (BENCHMARKS.md, session 15). Public for the benchmark that measures a primed
     * split ({@code bench.SplitOnce}).
     */
    public static List<RunResult> prime(Splitter splitter, long rows, long memoryBudget) {
        Splitter.SyncPlan nothingKept = new Splitter.SyncPlan(destination -> DestinationState.NONE,
                new SyncMode(false, false, memoryBudget), SupersededSink.NONE);
        List<RunResult> rounds = new ArrayList<>();
        for (long done = 0; done < rows; done += ROUND_ROWS) {
            long round = Math.min(rows - done, ROUND_ROWS);
            boolean last = done + round == rows;
            rounds.add(last && done > 0 ? primeParquet(splitter, round, nothingKept)
                    : splitter.split("priming.csv", new SyntheticCustomers(round), MappingDocument.DEFAULT, nothingKept,
                            DROPPED, rejection -> { }, progress -> { }));
        }
        System.gc();
        compilersSettled();
        return rounds;
    }

    /**
     * Waits until the compilers have compiled what priming queued (their accumulated time unchanged for half a second),
     * at most {@value #SETTLE_SECONDS} s: the last round's methods are still queued when it ends, and would otherwise be
     * compiled during the first real split (in an alternating race of 4 rounds, a primed Parquet split's CPU 8.78 s with
     * the wait against 9.10 s without; a CSV split's within the noise).
     */
    private static void compilersSettled() {
        CompilationMXBean compilers = ManagementFactory.getCompilationMXBean();
        if (compilers == null || !compilers.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        long compiled = compilers.getTotalCompilationTime();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                long now = compilers.getTotalCompilationTime();
                if (now == compiled) {
                    return;
                }
                compiled = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunResult primeParquet(Splitter splitter, long rows, Splitter.SyncPlan nothingKept) {
        Path file = null;
        try {
            file = Files.createTempFile("profile-sync-priming", ".parquet");
            SyntheticCustomers.writeParquet(file, rows);
            return splitter.split("priming.parquet", List.of(RangedFile.of(file)), MappingDocument.DEFAULT, nothingKept,
                    DROPPED, rejection -> { }, progress -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the priming Parquet file", e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
