package io.profilesync.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.profilesync.mapping.MappingDocument;
import io.profilesync.splitting.BatchSink;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.testing.SampleFiles;
import io.profilesync.vendor.evergage.EvergageVendor;
import io.profilesync.vendor.insider.InsiderVendor;
import io.profilesync.vendor.xtremepush.XtremepushVendor;

/**
 * Splitter core on a generated file, for all three vendors: reading, mapping, validation and batching, with
 * batches counted and dropped. Prints rows/s, MB/s and peak heap. Not a test: run it with
 * {@code infra/bench/splitter [ROWS]}.
 */
public final class SplitterBenchmark {

    private SplitterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path file = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("bench", ".csv");
        if (!Files.exists(file) || Files.size(file) == 0) {
            SampleFiles.writeCsv(file, rows);
        }
        long bytes = Files.size(file);
        Splitter splitter = new Splitter(Map.of("insider", new InsiderVendor(), "xtremepush", new XtremepushVendor(),
                "evergage", new EvergageVendor()),
                (vendor, documented) -> vendor.equals("evergage") ? documented.capped(500, 5_000_000L) : documented);

        split(splitter, file, "warm-up");
        System.gc();
        HeapSampler heap = HeapSampler.begin();
        long start = System.nanoTime();
        RunResult result = split(splitter, file, "measured");
        double seconds = (System.nanoTime() - start) / 1e9;
        heap.finish();

        System.out.printf("splitter core: %,d rows, %.1f MB, 3 vendors, max heap %d MB%n", result.rows(), bytes / 1e6,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.printf("  time      %.2f s%n", seconds);
        System.out.printf("  rows/s    %,.0f%n", result.rows() / seconds);
        System.out.printf("  MB/s      %.1f%n", bytes / 1e6 / seconds);
        System.out.printf("  peak heap %.1f MB used (sampled every 5 ms)%n", heap.peakBytes() / 1e6);
        result.vendors().forEach((vendor, summary) -> System.out.printf("  %-10s accepted %,d rejected %,d batches %,d%n",
                vendor, summary.accepted(), summary.rejected(), summary.batches()));
    }

    private static RunResult split(Splitter splitter, Path file, String label) throws Exception {
        AtomicLong batchBytes = new AtomicLong();
        BatchSink sink = (vendor, batch) -> batchBytes.addAndGet(batch.body().length);
        try (InputStream in = Files.newInputStream(file)) {
            RunResult result = splitter.split(file.getFileName().toString(), in, MappingDocument.DEFAULT, sink,
                    rejection -> { }, rows -> { });
            if (!result.succeeded()) {
                throw new IllegalStateException(label + " run failed: " + result.errors());
            }
            return result;
        }
    }
}
