package io.profilesync.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.zip.CRC32C;

import com.sun.management.OperatingSystemMXBean;

import org.jboss.logmanager.LogContext;

import io.profilesync.ingest.RangedFile;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SupersededSink;
import io.profilesync.splitter.SplitPriming;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.DestinationState;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;

/**
 * The splitter core run once on a file, in the JVM it was started in, for all three destinations with the default
 * mapping (Evergage capped at 500 users and 5,000,000 bytes a request): reading, mapping, validation, last row
 * wins and batching, with each batch's body written to SINK (default {@code /dev/null}, the sink
 * {@code infra/bench/splitter} gives every tool). No warm-up: one cold process is what a Lambda invocation
 * does. Prints rows, MB, wall and CPU seconds (from the JVM's start), rows/s, MB/s and peak RSS; with
 * {@code SPLIT_DIGEST=1} in the environment also a digest of the batches that does not depend on the order the lanes
 * hand them over in (to show that a change to the splitter left every byte as it was). Not a test:
 * {@code infra/bench/split FILE} runs it ({@code SplitOnce FILE [SINK]}) as the deployed splitter's JVM is started.
 */
public final class SplitOnce {

    private SplitOnce() {
    }

    public static void main(String[] args) throws Exception {
        // as the deployed function, which Quarkus starts at INFO: unconfigured, the log manager has every library
        // build its debug messages (parquet-java writes each file's whole footer out as JSON for one)
        LogContext.getSystemLogContext().getLogger("").setLevel(Level.INFO);
        Path file = Path.of(args[0]);
        long bytes = Files.size(file);
        Splitter splitter = new Splitter(Map.of("insider", new InsiderDestination(), "xtremepush", new XtremepushDestination(),
                "evergage", new EvergageDestination()),
                (destination, documented) -> destination.equals("evergage") ? documented.capped(500, 5_000_000L) : documented);
        // SPLIT_PRIMED_ROWS=N: first what a SnapStart snapshot of the function holds (splitter.SplitPriming), then the
        // split, measured from its start: what an environment restored from the snapshot runs
        long primingRows = Long.parseLong(System.getenv().getOrDefault("SPLIT_PRIMED_ROWS", "0"));
        double primingSeconds = 0;
        if (primingRows > 0) {
            long priming = System.nanoTime();
            SplitPriming.prime(splitter, primingRows, SyncMode.DEFAULT.memoryBudget());
            primingSeconds = (System.nanoTime() - priming) / 1e9;
        }
        double cpuBefore = processCpuSeconds();
        long start = System.nanoTime();
        long[] batches = new long[2];
        CRC32C crc = "1".equals(System.getenv("SPLIT_DIGEST")) ? new CRC32C() : null;
        long[] digest = new long[1];
        RunResult result;
        // a .parquet file (infra/bench/parquet-file) is read by ranges of the local file, as the function reads S3
        try (OutputStream sink = Files.newOutputStream(Path.of(args.length > 1 ? args[1] : "/dev/null"))) {
            result = splitter.split(file.getFileName().toString(), List.of(RangedFile.of(file)), MappingDocument.DEFAULT,
                    new Splitter.SyncPlan(destination -> DestinationState.NONE, SyncMode.DEFAULT.forInput(bytes), SupersededSink.NONE), (destination, batch) -> {
                        synchronized (sink) {
                            batches[0]++;
                            batches[1] += batch.body().length;
                            if (crc != null) {
                                crc.reset();
                                crc.update(destination.getBytes(StandardCharsets.UTF_8));
                                crc.update(batch.body());
                                // a sum of the batches' checksums: the same whatever order they come in
                                digest[0] += crc.getValue() * 0x9E3779B97F4A7C15L + batch.body().length;
                            }
                            try {
                                sink.write(batch.body());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }, rejection -> { }, rows -> { });
        }
        if (!result.succeeded()) {
            throw new IllegalStateException("the split failed: " + result.errors());
        }
        double split = (System.nanoTime() - start) / 1e9;
        // from the JVM's start, as a Lambda invocation on a fresh instance pays it
        double wall = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        double cpu = processCpuSeconds();
        System.out.printf("splitter core, once in a cold JVM: %s, 3 destinations, max heap %,d MB, %d processors%n",
                file, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        System.out.printf("  rows      %,d%n", result.rows());
        System.out.printf("  MB        %.1f%n", bytes / 1e6);
        System.out.printf("  wall      %.2f s (the split itself: %.2f s)%n", wall, split);
        System.out.printf("  CPU       %.2f s (user + system)%n", cpu);
        if (primingRows > 0) {
            System.out.printf("  primed    %,d generated rows first, in %.2f s, not counted here: the split after them %.2f s wall,"
                    + " %.2f s CPU%n", primingRows, primingSeconds, split, cpu - cpuBefore);
        }
        System.out.printf("  rows/s    %,.0f%n", result.rows() / wall);
        System.out.printf("  MB/s      %.1f%n", bytes / 1e6 / wall);
        System.out.printf("  peak RSS  %s MB (VmHWM)%n", SyncBenchmark.peakRssMegabytes());
        System.out.printf("  batches   %,d built and written, %.1f MB of request bodies%n", batches[0], batches[1] / 1e6);
        result.destinations().forEach((destination, summary) -> System.out.printf("  %-10s accepted %,d rejected %,d batches %,d%n",
                destination, summary.accepted(), summary.rejected(), summary.batches()));
        if (crc != null) {
            System.out.printf("  digest    %016x (SPLIT_DIGEST=1: the batches' CRC32C, in any order)%n", digest[0]);
        }
    }

    private static double processCpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
