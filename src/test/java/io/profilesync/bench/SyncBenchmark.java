package io.profilesync.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.profilesync.common.LongTable;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.splitting.BatchSink;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SupersededSink;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.DestinationState;
import io.profilesync.testing.SampleFiles;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;

/**
 * One run of a sync, in a fresh JVM, on the splitter core for all three destinations: the file is split against the
 * state kept in a folder (one file per destination and partition, 16 bytes a user as in S3), every user sent is taken
 * as delivered into that state, and the run prints its time, peak RSS, and per destination the users new, changed and
 * unchanged, the requests and the bytes it would send. Not a test: {@code infra/bench/sync [ROWS]} runs it.
 * <p>
 * Arguments: {@code FILE STATE_DIR [MEMORY_BUDGET_BYTES]}, or {@code --generate ROWS FILE} to write the sample file.
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--generate")) {
            SampleFiles.writeCsv(Path.of(args[2]), Long.parseLong(args[1]));
            return;
        }
        Path file = Path.of(args[0]);
        Path state = Files.createDirectories(Path.of(args[1]));
        long budget = args.length > 2 ? Long.parseLong(args[2]) : SyncMode.DEFAULT_MEMORY_BUDGET;
        Splitter splitter = new Splitter(Map.of("insider", new InsiderDestination(), "xtremepush", new XtremepushDestination(),
                "evergage", new EvergageDestination()), (destination, documented) -> documented);
        Map<String, AtomicLong> requests = new TreeMap<>();
        Map<String, AtomicLong> bytes = new TreeMap<>();
        BatchSink sink = (destination, batch) -> {
            requests.computeIfAbsent(destination, name -> new AtomicLong()).incrementAndGet();
            bytes.computeIfAbsent(destination, name -> new AtomicLong()).addAndGet(batch.body().length);
        };
        long start = System.nanoTime();
        RunResult result;
        try (InputStream in = Files.newInputStream(file)) {
            result = splitter.split(file.getFileName().toString(), in, MappingDocument.DEFAULT,
                    new Splitter.SyncPlan(destination -> new FolderState(state.resolve(destination)), new SyncMode(false, false, budget),
                            SupersededSink.NONE), sink, rejection -> { }, rows -> { });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %,d rows in %.2f s (%,.0f rows/s), peak RSS %s MB, items in memory up to %d MB per destination%n",
                result.rows(), seconds, result.rows() / seconds, peakRssMegabytes(), budget >> 20);
        result.destinations().forEach((destination, summary) -> System.out.printf(
                "  %-10s new %,9d  changed %,7d  unchanged %,9d  requests %,6d  bytes sent %,13d%n", destination,
                summary.newUsers(), summary.changed(), summary.unchanged(), requests.getOrDefault(destination, new AtomicLong()).get(),
                bytes.getOrDefault(destination, new AtomicLong()).get()));
    }

    static String peakRssMegabytes() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> String.format("%,d", Long.parseLong(line.replaceAll("\\D", "")) / 1024)).findFirst().orElse("?");
    }

    /** A destination's state in a folder, every user sent taken as delivered (what a fully answered run folds in). */
    private record FolderState(Path folder) implements DestinationState {

        @Override
        public LongTable delivered(int partition) {
            Path file = folder.resolve("p" + partition);
            LongTable table = new LongTable();
            if (Files.exists(file)) {
                try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                    for (long n = Files.size(file) / 16; n > 0; n--) {
                        table.put(in.readLong(), in.readLong());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return table;
        }

        @Override
        public void sending(String stream, int partition, SentItems sent) {
            LongTable table = delivered(partition);
            for (int i = 0; i < sent.size(); i++) {
                table.put(sent.keys()[i], sent.fingerprints()[i]);
            }
            try {
                Files.createDirectories(folder);
                try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                        Files.newOutputStream(folder.resolve("p" + partition))))) {
                    table.forEach((key, fingerprint) -> {
                        try {
                            out.writeLong(key);
                            out.writeLong(fingerprint);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
