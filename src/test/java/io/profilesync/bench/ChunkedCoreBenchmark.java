package io.profilesync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.profilesync.ingest.Chunk;
import io.profilesync.ingest.CsvDialect;
import io.profilesync.ingest.InputFormat;
import io.profilesync.ingest.InputLimits;
import io.profilesync.ingest.RecordBoundaries;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.RowReaders;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.splitting.ChunkResult;
import io.profilesync.splitting.LaneCounts;
import io.profilesync.splitting.PartitionGroup;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SupersededSink;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.DestinationState;
import io.profilesync.splitting.DestinationSummary;
import io.profilesync.testing.SampleFiles;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;

/**
 * The chunked split's three phases on the splitter core, in one JVM started as the deployed split-chunk function
 * is: the plan (record boundaries), every chunk (one after the other; each is its own invocation in AWS, so the
 * slowest is what a wave of them takes), and the reduce in groups of partitions as deployed (each its own invocation
 * in AWS; batches built and dropped). The chunks' items go to a
 * local folder where S3 would hold them. Not a test: {@code infra/bench/chunked} runs it.
 */
public final class ChunkedCoreBenchmark {

    private static final String FILE_NAME = "customers.csv";
    /** Terraform's defaults: split_reduce_group_bytes and split_chunk_concurrency. */
    private static final long GROUP_BYTES = 4L << 30;
    private static final int CONCURRENCY = 20;

    private ChunkedCoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        long chunkBytes = Long.parseLong(args[1]);
        Path file = Path.of(args[2]);
        if (!Files.exists(file) || Files.size(file) == 0) {
            SampleFiles.writeCsv(file, rows);
        }
        Path items = Files.createTempDirectory("chunk-items");
        Splitter splitter = new Splitter(Map.of("insider", new InsiderDestination(), "xtremepush", new XtremepushDestination(),
                "evergage", new EvergageDestination()), (destination, documented) -> documented);
        long memoryBudget = SyncMode.memoryBudget(SyncMode.DEFAULT_MEMORY_BUDGET);

        long start = System.nanoTime();
        Optional<List<String>> header;
        Optional<CsvDialect> dialect;
        try (RowReader reader = RowReaders.open(FILE_NAME, Files.newInputStream(file), InputLimits.forThisHeap())) {
            header = reader.header();
            dialect = reader.dialect();
        }
        List<Chunk> chunks;
        try (InputStream in = Files.newInputStream(file)) {
            chunks = RecordBoundaries.scan(in, InputFormat.CSV, dialect, chunkBytes, InputLimits.forThisHeap());
        }
        double plan = seconds(start);

        List<Double> chunkSeconds = new ArrayList<>();
        Map<String, LaneCounts> counts = new TreeMap<>();
        long rowsRead = 0;
        for (Chunk chunk : chunks) {
            long chunkStart = System.nanoTime();
            ChunkResult result;
            try (InputStream range = range(file, chunk)) {
                result = splitter.readChunk(FILE_NAME, range, chunk, header, dialect, MappingDocument.DEFAULT, memoryBudget,
                        (destination, partition, blob) -> write(items.resolve(chunk.index() + "-" + destination + "-" + partition), blob),
                        rejection -> { }, progress -> { });
            }
            rowsRead += result.rows();
            result.destinations().forEach((destination, count) -> counts.merge(destination, count, LaneCounts::plus));
            chunkSeconds.add(seconds(chunkStart));
        }

        long itemBytes;
        try (var files = Files.list(items)) {
            itemBytes = files.mapToLong(ChunkedCoreBenchmark::size).sum();
        }
        int groups = PartitionGroup.count(itemBytes, GROUP_BYTES);
        AtomicLong batches = new AtomicLong();
        List<Double> groupSeconds = new ArrayList<>();
        Map<String, List<DestinationSummary>> reduced = new TreeMap<>();
        for (PartitionGroup group : PartitionGroup.split(groups)) {
            long groupStart = System.nanoTime();
            splitter.reduce(MappingDocument.DEFAULT, header,
                    new Splitter.SyncPlan(destination -> DestinationState.NONE, new SyncMode(false, false, memoryBudget), SupersededSink.NONE),
                    counts, (destination, partition) -> {
                        List<byte[]> blobs = new ArrayList<>();
                        for (Chunk chunk : chunks) {
                            Path blob = items.resolve(chunk.index() + "-" + destination + "-" + partition);
                            if (Files.exists(blob)) {
                                blobs.add(read(blob));
                            }
                        }
                        return blobs;
                    }, true, group, (destination, batch) -> batches.incrementAndGet())
                    .forEach((destination, summary) -> reduced.computeIfAbsent(destination, name -> new ArrayList<>()).add(summary));
            groupSeconds.add(seconds(groupStart));
        }
        Map<String, DestinationSummary> summaries = new TreeMap<>();
        reduced.forEach((destination, parts) -> summaries.put(destination, DestinationSummary.joined(counts.get(destination), parts)));
        double reduce = groupSeconds.stream().mapToDouble(Double::doubleValue).sum();
        double slowestGroup = groupSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);

        double slowest = chunkSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double chunksTotal = chunkSeconds.stream().mapToDouble(Double::doubleValue).sum();
        long bytes = Files.size(file);
        System.out.printf("chunked split on the core: %,d rows, %.1f MB, %d chunks of %,d bytes, max heap %d MB%n", rowsRead,
                bytes / 1e6, chunks.size(), chunkBytes, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("  plan (record boundaries)   %7.1f s  (%.0f MB/s)%n", plan, bytes / 1e6 / plan);
        System.out.printf("  chunks, one after the other %6.1f s  (per chunk: mean %.1f s, slowest %.1f s; items handed on %.1f GB)%n",
                chunksTotal, chunksTotal / chunks.size(), slowest, itemBytes / 1e9);
        System.out.printf("  reduce in %d groups of partitions, one after the other %.1f s  (slowest group %.1f s; %,d batches"
                + " built and dropped)%n", groups, reduce, slowestGroup, batches.get());
        System.out.printf("  peak RSS %s MB%n", SyncBenchmark.peakRssMegabytes());
        summaries.forEach((destination, summary) -> System.out.printf("  %-10s accepted %,d rejected %,d batches %,d%n", destination,
                summary.accepted(), summary.rejected(), summary.batches()));
        double scale = 100_000_000.0 / rowsRead;
        int chunks100m = (int) Math.ceil(bytes * scale / chunkBytes);
        int groups100m = PartitionGroup.count((long) (itemBytes * scale), GROUP_BYTES);
        double perGroup100m = reduce / itemBytes * (itemBytes * scale / groups100m);
        System.out.printf("projection for 100M rows (%.1f GB): plan %.0f s, %d chunks in %d waves of %d"
                + " (split_chunk_concurrency) x %.0f s, reduce in %d groups in %d waves x %.0f s: %.0f s in all, before S3"
                + " transfer times%n", bytes * scale / 1e9, plan * scale, chunks100m, waves(chunks100m), CONCURRENCY, slowest,
                groups100m, waves(groups100m), perGroup100m,
                plan * scale + waves(chunks100m) * slowest + waves(groups100m) * perGroup100m);
        try (var files = Files.list(items)) {
            for (Path blob : files.toList()) {
                Files.delete(blob);
            }
        }
        Files.delete(items);
    }

    private static int waves(int invocations) {
        return (invocations + CONCURRENCY - 1) / CONCURRENCY;
    }

    private static InputStream range(Path file, Chunk chunk) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(chunk.start());
        return new java.io.BufferedInputStream(new java.io.FilterInputStream(Channels.newInputStream(channel)) {
            private long left = chunk.bytes();

            @Override
            public int read() throws IOException {
                return left-- > 0 ? super.read() : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read(buffer, offset, (int) Math.min(length, left));
                left -= Math.max(read, 0);
                return read;
            }
        }, 1 << 16);
    }

    private static void write(Path path, byte[] blob) {
        try {
            Files.write(path, blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
