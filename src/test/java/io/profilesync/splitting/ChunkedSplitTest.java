package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.profilesync.common.LongTable;
import io.profilesync.ingest.Chunk;
import io.profilesync.ingest.CsvDialect;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.InputFormat;
import io.profilesync.ingest.InputLimits;
import io.profilesync.ingest.RecordBoundaries;
import io.profilesync.ingest.RowReaders;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.testing.SampleFiles;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;

/**
 * A file split in chunks (each read on its own, then one reduce) gives exactly what it gives split in one piece:
 * the same counts, the same batches with the same users and bytes, the same rejected and superseded lines, also
 * over the state an earlier run left.
 */
class ChunkedSplitTest {

    private static final Splitter SPLITTER = new Splitter(Map.of(InsiderDestination.NAME, new InsiderDestination(),
            XtremepushDestination.NAME, new XtremepushDestination(), EvergageDestination.NAME, new EvergageDestination()),
            (destination, limits) -> limits.capped(50, limits.maxBytes()), true);

    @Test
    void aFileSplitInChunksGivesWhatItGivesInOnePiece(@TempDir Path dir) throws IOException {
        byte[] file = fileWithDuplicatesAndBrokenRows(dir, 2_000);

        Split whole = whole(file, new MemoryState());
        for (long chunkBytes : List.of(20_000L, 177_777L)) {
            Split chunked = chunked(file, chunkBytes, new MemoryState());
            assertTrue(chunked.chunks() > 1, "the file is cut into chunks of " + chunkBytes + " bytes");
            assertSame(whole, chunked);
        }
        assertTrue(whole.result().destinations().values().stream().allMatch(destination -> destination.superseded() > 0 && destination.rejected() > 0));
    }

    @Test
    void aReduceFannedOutInGroupsOfPartitionsSendsWhatOneReduceSends(@TempDir Path dir) throws IOException {
        MemoryState state = new MemoryState();
        byte[] day2 = dayTwo(dir, state);

        Split one = chunked(day2, 40_000, state.copy(), 1);
        for (int groups : List.of(3, 64)) {
            Split grouped = chunked(day2, 40_000, state.copy(), groups);
            assertEquals(one.result().rows(), grouped.result().rows());
            one.result().destinations().forEach((destination, summary) -> {
                DestinationSummary joined = grouped.result().destinations().get(destination);
                assertEquals(List.of(summary.rows(), summary.accepted(), summary.rejected(), summary.superseded(),
                        summary.newUsers(), summary.changed(), summary.unchanged(), summary.resent()),
                        List.of(joined.rows(), joined.accepted(), joined.rejected(), joined.superseded(), joined.newUsers(),
                                joined.changed(), joined.unchanged(), joined.resent()), destination);
                summary.streams().forEach((stream, sent) -> assertEquals(sent.items(), joined.streams().get(stream).items()));
                assertEquals(numbersIn(joined), grouped.numbers(destination), destination + ": the manifest lists every batch's number");
            });
            assertEquals(one.linesSent(), grouped.linesSent());
            assertEquals(one.rejections(), grouped.rejections());
            assertEquals(one.superseded(), grouped.superseded());
            assertEquals(one.sent(), grouped.sent());
        }
    }

    /** Per stream, the batch numbers a destination's summary lists. */
    private static Map<String, List<Integer>> numbersIn(DestinationSummary summary) {
        Map<String, List<Integer>> numbers = new TreeMap<>();
        summary.streams().forEach((stream, sent) -> sent.ranges().forEach(range -> {
            for (int number = range.first(); number <= range.last(); number++) {
                numbers.computeIfAbsent(stream, name -> new ArrayList<>()).add(number);
            }
        }));
        return numbers;
    }

    @Test
    void changeDetectionHoldsAcrossChunks(@TempDir Path dir) throws IOException {
        MemoryState state = new MemoryState();
        byte[] day2 = dayTwo(dir, state);

        Split whole = whole(day2, state.copy());
        Split chunked = chunked(day2, 40_000, state.copy());
        assertSame(whole, chunked);
        DestinationSummary insider = chunked.result().destinations().get(InsiderDestination.NAME);
        assertTrue(insider.unchanged() > 0 && insider.changed() > 0 && insider.newUsers() > 0, insider.toString());
    }

    private static void assertSame(Split whole, Split chunked) {
        assertEquals(whole.result().rows(), chunked.result().rows());
        assertEquals(whole.result().errors(), chunked.result().errors());
        assertEquals(whole.result().destinations(), chunked.result().destinations());
        assertEquals(whole.batches(), chunked.batches());
        assertEquals(whole.rejections(), chunked.rejections());
        assertEquals(whole.superseded(), chunked.superseded());
        assertEquals(whole.sent(), chunked.sent());
    }

    /**
     * Day 1's file split into {@code state}; then day 2's file: every 10th user moves to another store, and the file
     * grows by new users.
     */
    private static byte[] dayTwo(Path dir, MemoryState state) throws IOException {
        whole(fileWithDuplicatesAndBrokenRows(dir, 2_000), state);
        return new String(fileWithDuplicatesAndBrokenRows(dir, 2_500), StandardCharsets.UTF_8)
                .replaceAll("(cust-\\d*0,[^\\n]*,)store-\\d+", "$1store-moved").getBytes(StandardCharsets.UTF_8);
    }

    /** Sample customers, then some of them again with other values (later rows win), and rows with a wrong field count. */
    private static byte[] fileWithDuplicatesAndBrokenRows(Path dir, int rows) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleFiles.writeCsv(dir.resolve("customers.csv"), rows)));
        for (int i = 1; i < rows; i += 7) {
            lines.add(lines.get(i).replace("gold", "platinum").replace("silver", "gold"));
        }
        lines.add(5, "too,few,fields");
        lines.add(400, "\"a quoted\nline break\",with,too,few,fields");
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** What a split gave: its result, and per destination its batches, rejections, superseded lines and sent items. */
    private record Split(int chunks, RunResult result, Map<String, List<String>> batches, List<Rejection> rejections,
            Map<String, Map<Long, Long>> superseded, Map<String, String> sent) {

        /** Per destination and stream, the lines of every user sent, however they were batched. */
        Map<String, List<Long>> linesSent() {
            Map<String, List<Long>> lines = new TreeMap<>();
            batches.forEach((destination, recorded) -> recorded.forEach(batch -> {
                String[] parts = batch.split(" ", 4);
                new io.profilesync.batching.LineRanges(parts[2]).forEachLine(line -> lines
                        .computeIfAbsent(destination + " " + parts[0], key -> new ArrayList<>()).add(line));
            }));
            lines.values().forEach(java.util.Collections::sort);
            return lines;
        }

        /** Per stream, the numbers of a destination's batches, in order. */
        Map<String, List<Integer>> numbers(String destination) {
            Map<String, List<Integer>> numbers = new TreeMap<>();
            batches.getOrDefault(destination, List.of()).forEach(batch -> {
                String[] parts = batch.split(" ", 3);
                numbers.computeIfAbsent(parts[0], stream -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            });
            numbers.values().forEach(java.util.Collections::sort);
            return numbers;
        }
    }

    private static Split whole(byte[] file, MemoryState state) {
        Recorder recorder = new Recorder();
        RunResult result = SPLITTER.split("customers.csv", new ByteArrayInputStream(file), MappingDocument.DEFAULT,
                recorder.plan(state), recorder::batch, recorder.rejections::add, rows -> { });
        return recorder.split(1, result, state);
    }

    private static Split chunked(byte[] file, long chunkBytes, MemoryState state) throws IOException {
        return chunked(file, chunkBytes, state, 1);
    }

    /** A file split in chunks, reduced in {@code groups} groups of partitions, their summaries joined. */
    private static Split chunked(byte[] file, long chunkBytes, MemoryState state, int groups) throws IOException {
        RowReader reader = RowReaders.open("customers.csv", new ByteArrayInputStream(file), InputLimits.forThisHeap());
        Optional<List<String>> header = reader.header();
        Optional<CsvDialect> dialect = reader.dialect();
        List<Chunk> chunks = RecordBoundaries.scan(new ByteArrayInputStream(file), InputFormat.CSV, dialect, chunkBytes, InputLimits.forThisHeap());
        Recorder recorder = new Recorder();
        Map<String, Map<Integer, List<byte[]>>> items = new HashMap<>();
        Map<String, LaneCounts> counts = new TreeMap<>();
        long rows = 0;
        List<FileError> errors = new ArrayList<>();
        for (Chunk chunk : chunks) {
            byte[] range = Arrays.copyOfRange(file, (int) chunk.start(), (int) chunk.end());
            ChunkResult read = SPLITTER.readChunk("customers.csv", new ByteArrayInputStream(range), chunk, header,
                    dialect, MappingDocument.DEFAULT, SyncMode.DEFAULT_MEMORY_BUDGET, (destination, partition, blob) -> items
                            .computeIfAbsent(destination, name -> new HashMap<>()).computeIfAbsent(partition, p -> new ArrayList<>()).add(blob),
                    recorder.rejections::add, progress -> { });
            rows += read.rows();
            errors.addAll(read.errors());
            read.destinations().forEach((destination, count) -> counts.merge(destination, count, LaneCounts::plus));
        }
        Map<String, List<DestinationSummary>> reduced = new TreeMap<>();
        for (PartitionGroup group : PartitionGroup.split(groups)) {
            SPLITTER.reduce(MappingDocument.DEFAULT, header, recorder.plan(state), counts,
                    (destination, partition) -> items.getOrDefault(destination, Map.of()).getOrDefault(partition, List.of()), errors.isEmpty(), group,
                    recorder::batch).forEach((destination, summary) -> reduced.computeIfAbsent(destination, name -> new ArrayList<>()).add(summary));
        }
        Map<String, DestinationSummary> summaries = new TreeMap<>();
        reduced.forEach((destination, parts) -> summaries.put(destination, DestinationSummary.joined(counts.get(destination), parts)));
        return recorder.split(chunks.size(), new RunResult(rows, errors, summaries), state);
    }

    /** Collects what a split hands its sinks. */
    private static final class Recorder {
        final Map<String, List<String>> batches = new ConcurrentHashMap<>();
        final List<Rejection> rejections = new ArrayList<>();
        final Map<String, Map<Long, Long>> superseded = new ConcurrentHashMap<>();

        Splitter.SyncPlan plan(MemoryState state) {
            return new Splitter.SyncPlan(state::of, SyncMode.DEFAULT, (line, destination, by) -> superseded
                    .computeIfAbsent(destination, name -> new TreeMap<>()).put(line, by));
        }

        void batch(String destination, io.profilesync.batching.Batch batch) {
            batches.computeIfAbsent(destination, name -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(batch.stream() + " " + batch.number() + " " + batch.lineRanges().encoded() + " "
                            + new String(batch.body(), StandardCharsets.UTF_8));
        }

        Split split(int chunks, RunResult result, MemoryState state) {
            return new Split(chunks, result, new TreeMap<>(batches), rejections, new TreeMap<>(superseded), state.sentNow());
        }
    }

    /** A destination's state in memory: every user sent is taken as delivered. */
    private static final class MemoryState {
        private final Map<String, Map<Integer, LongTable>> delivered = new HashMap<>();
        private final Map<String, String> sentNow = new ConcurrentHashMap<>();

        DestinationState of(String destination) {
            Map<Integer, LongTable> partitions = delivered.computeIfAbsent(destination, name -> new ConcurrentHashMap<>());
            return new DestinationState() {
                @Override
                public LongTable delivered(int partition) {
                    return partitions.computeIfAbsent(partition, p -> new LongTable());
                }

                @Override
                public void sending(String stream, int partition, SentItems sent) {
                    for (int i = 0; i < sent.size(); i++) {
                        partitions.get(partition).put(sent.keys()[i], sent.fingerprints()[i]);
                        sentNow.put(destination + " " + stream + " " + sent.lines()[i], Long.toHexString(sent.fingerprints()[i]));
                    }
                }
            };
        }

        Map<String, String> sentNow() {
            return new TreeMap<>(sentNow);
        }

        MemoryState copy() {
            MemoryState copy = new MemoryState();
            delivered.forEach((destination, partitions) -> {
                Map<Integer, LongTable> tables = new ConcurrentHashMap<>();
                partitions.forEach((partition, table) -> {
                    LongTable clone = new LongTable();
                    table.forEach(clone::put);
                    tables.put(partition, clone);
                });
                copy.delivered.put(destination, tables);
            });
            return copy;
        }
    }
}
