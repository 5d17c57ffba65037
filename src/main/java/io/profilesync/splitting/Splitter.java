package io.profilesync.splitting;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.Batch;
import io.profilesync.batching.LimitCaps;
import io.profilesync.ingest.Chunk;
import io.profilesync.ingest.CsvDialect;
import io.profilesync.ingest.InputFormatException;
import io.profilesync.ingest.InputLimits;
import io.profilesync.ingest.RangedFile;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.RowReaders;
import io.profilesync.ingest.SourceRow;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingException;
import io.profilesync.mapping.OnRemoved;
import io.profilesync.mapping.RowMapper;
import io.profilesync.destination.Identifiers;
import io.profilesync.destination.Destination;

/**
 * Splits one input file into destination batches: read as a stream, map, validate per destination, cut batches.
 * Knows nothing of AWS: batches and rejections go to the sinks it is given.
 */
public final class Splitter {

    /** The version of the items a chunk hands on to its run's reduce ({@link #readChunk}); a chunked run records it. */
    public static final int HANDOVER_FORMAT = ItemCodec.FORMAT;

    private static final long PROGRESS_EVERY = 100_000;

    private final Map<String, Destination> destinations;
    private final LimitCaps caps;
    private final boolean parallel;
    private final InputLimits limits;

    /** With the input limits this JVM's heap affords. */
    public Splitter(Map<String, Destination> destinations, LimitCaps caps) {
        this(destinations, caps, InputLimits.forThisHeap());
    }

    /**
     * @param destinations the destinations this deployment has enabled, by name
     * @param limits what one record of a file may take
     */
    public Splitter(Map<String, Destination> destinations, LimitCaps caps, InputLimits limits) {
        this(destinations, caps, LaneRunner.worthwhile(), limits);
    }

    /** @param parallel whether each destination's mapping and batching runs on its own thread */
    public Splitter(Map<String, Destination> destinations, LimitCaps caps, boolean parallel) {
        this(destinations, caps, parallel, InputLimits.forThisHeap());
    }

    private Splitter(Map<String, Destination> destinations, LimitCaps caps, boolean parallel, InputLimits limits) {
        this.destinations = Map.copyOf(destinations);
        this.caps = caps;
        this.parallel = parallel;
        this.limits = limits;
    }

    /** Splits a file with no earlier state (every user new) and nothing recorded for later runs. */
    public RunResult split(String fileName, InputStream input, MappingDocument mapping, BatchSink sink,
            RejectionSink rejections, LongConsumer progress) {
        return split(fileName, input, mapping, new SyncPlan(destination -> DestinationState.NONE, SyncMode.DEFAULT,
                SupersededSink.NONE), sink, rejections, progress);
    }

    /**
     * What a sync's run needs besides the file: each destination's state, the mode, and where superseded rows and (for a
     * snapshot sync) removed users go.
     *
     * @param states the state of each destination, by name
     */
    public record SyncPlan(Function<String, DestinationState> states, SyncMode mode, SupersededSink superseded,
            RemovedSink removed) {

        public SyncPlan(Function<String, DestinationState> states, SyncMode mode, SupersededSink superseded) {
            this(states, mode, superseded, RemovedSink.NONE);
        }
    }

    public RunResult split(String fileName, InputStream input, MappingDocument mapping, SyncPlan plan, BatchSink sink,
            RejectionSink rejections, LongConsumer progress) {
        return split(() -> RowReaders.open(fileName, input, mapping.csv(), limits), mapping, plan, sink, rejections, progress);
    }

    /**
     * {@link #split(String, InputStream, MappingDocument, SyncPlan, BatchSink, RejectionSink, LongConsumer)} of a
     * file read by byte ranges: Parquet, or the parts of a Parquet set as one file.
     */
    public RunResult split(String fileName, List<RangedFile> parts, MappingDocument mapping, SyncPlan plan,
            BatchSink sink, RejectionSink rejections, LongConsumer progress) {
        return split(() -> RowReaders.open(fileName, parts, mapping.csv(), Set.copyOf(mapping.ignore()), limits), mapping, plan, sink, rejections, progress);
    }

    private RunResult split(Supplier<RowReader> open, MappingDocument mapping, SyncPlan plan, BatchSink sink,
            RejectionSink rejections, LongConsumer progress) {
        BatchSink batches = parallel ? synchronizedSink(sink) : sink;
        Map<String, DestinationLane> lanes = new LinkedHashMap<>();
        Reading reading = read(open, mapping, header -> lanes.putAll(
                readingLanes(mapping, header, plan.states(), plan.mode(), batches)), lanes, rejections, progress);
        List<FileError> errors = new ArrayList<>(reading.errors());
        if (reading.rows() == 0 && errors.isEmpty()) {
            errors.add(FileError.noRows(reading.header().isPresent()));
        }
        Map<String, DestinationSummary> summaries;
        try {
            lanes.values().forEach(DestinationLane::endOfInput);
            summaries = finish(lanes, plan.superseded(), plan.removed(), errors.isEmpty());
        } finally {
            lanes.values().forEach(DestinationLane::close);
        }
        sink.flush();
        return new RunResult(reading.rows(), List.copyOf(errors), summaries, reading.dialect());
    }

    /**
     * Reads one chunk of a file (see {@code ingest.RecordBoundaries}): maps and validates its rows for every destination
     * and hands each destination's accepted items on by partition, for the run's {@link #reduce} once every chunk is read.
     * Rejected rows go to {@code rejections} with their lines in the whole file.
     *
     * @param header the file's header (CSV), read from its first chunk
     * @param dialect the file's dialect (CSV), decided once for every chunk
     * @param memoryBudget bytes of items each destination keeps in memory (see {@link SyncMode#memoryBudget})
     */
    public ChunkResult readChunk(String fileName, InputStream range, Chunk chunk, Optional<List<String>> header,
            Optional<CsvDialect> dialect, MappingDocument mapping, long memoryBudget, ChunkSink items, RejectionSink rejections,
            LongConsumer progress) {
        return readChunk(() -> RowReaders.openChunk(fileName, range, chunk, header, dialect, limits), mapping, memoryBudget,
                items, rejections, progress);
    }

    /** {@link #readChunk(String, InputStream, Chunk, Optional, Optional, MappingDocument, long, ChunkSink, RejectionSink,
     * LongConsumer)} of a file read by byte ranges: a Parquet chunk is its row groups that start in its range. */
    public ChunkResult readChunk(String fileName, List<RangedFile> parts, Chunk chunk, Optional<List<String>> header,
            Optional<CsvDialect> dialect, MappingDocument mapping, long memoryBudget, ChunkSink items,
            RejectionSink rejections, LongConsumer progress) {
        return readChunk(() -> RowReaders.openChunk(fileName, parts, chunk, header, dialect, Set.copyOf(mapping.ignore()),
                limits), mapping, memoryBudget, items, rejections, progress);
    }

    private ChunkResult readChunk(Supplier<RowReader> open, MappingDocument mapping, long memoryBudget, ChunkSink items,
            RejectionSink rejections, LongConsumer progress) {
        Map<String, DestinationLane> lanes = new LinkedHashMap<>();
        Reading reading = read(open, mapping, fileHeader -> lanes.putAll(
                readingLanes(mapping, fileHeader, destination -> DestinationState.NONE, new SyncMode(false, false, memoryBudget),
                        (destination, batch) -> { })),
                lanes, rejections, progress);
        Map<String, LaneCounts> counts = new LinkedHashMap<>();
        try {
            lanes.forEach((name, lane) -> {
                lane.endOfInput();
                lane.handOver(items);
                counts.put(name, lane.counts());
            });
        } finally {
            lanes.values().forEach(DestinationLane::close);
        }
        return new ChunkResult(reading.rows(), reading.errors(), counts);
    }

    /**
     * Finishes a group of partitions of a file read in chunks as {@link #split} finishes a file read whole: per destination
     * and partition, the last row of each user across all chunks wins, is compared with the destination's state and batched
     * when it changed. The summaries of all groups, {@link DestinationSummary#joined joined}, are the file's.
     *
     * @param header the file's header (CSV), as the chunks read it
     * @param counts per destination, the rows every chunk counted
     * @param items the items every chunk handed on
     * @param readWhole whether every chunk was read to its end (no file-level error stopped one)
     */
    public Map<String, DestinationSummary> reduce(MappingDocument mapping, Optional<List<String>> header, SyncPlan plan,
            Map<String, LaneCounts> counts, ChunkItems items, boolean readWhole, PartitionGroup group, BatchSink sink) {
        BatchSink batches = parallel ? synchronizedSink(sink) : sink;
        Map<String, DestinationLane> lanes = new LinkedHashMap<>();
        Optional<List<String>> renamed = renamed(mapping, header);
        selected(mapping).forEach((name, options) -> lanes.put(name, DestinationLane.finishing(name,
                destinations.get(name).mapper(options, renamed), caps, batches, plan.states().apply(name), plan.mode(),
                mapping.writeMode(), mapping.sourceKind(), onRemoved(mapping, name),
                partition -> ItemCodec.decode(items.partition(name, partition)), counts.getOrDefault(name, LaneCounts.NONE),
                group)));
        try {
            Map<String, DestinationSummary> summaries = finish(lanes, plan.superseded(), plan.removed(), readWhole);
            sink.flush();
            return summaries;
        } finally {
            lanes.values().forEach(DestinationLane::close);
        }
    }

    /** The rows a file (or chunk) gave, the file-level errors that stopped it, its header and its CSV dialect. */
    private record Reading(long rows, List<FileError> errors, Optional<List<String>> header, String dialect) {
    }

    /**
     * Reads every row of a file or chunk into the lanes it makes once the header is known: rows read before a
     * file-level error are kept, and the error is returned.
     */
    private Reading read(Supplier<RowReader> open, MappingDocument mapping, Consumer<Optional<List<String>>> makeLanes,
            Map<String, DestinationLane> lanes, RejectionSink rejections, LongConsumer progress) {
        List<FileError> errors = new ArrayList<>();
        long rows = 0;
        Optional<List<String>> header = Optional.empty();
        String dialect = null;
        LaneRunner<DestinationLane> runner = null;
        try (RowReader reader = open.get()) {
            header = reader.header();
            dialect = reader.dialect().map(CsvDialect::describe).orElse(null);
            RowMapper rowMapper = new RowMapper(mapping, header);
            makeLanes.accept(header);
            // rows read ahead of the lanes take at most about what the largest record may
            runner = new LaneRunner<>(List.copyOf(lanes.values()), DestinationLane::destination, rejections, parallel,
                    limits.maxRecordBytes());
            for (Optional<SourceRow> next = reader.next(); next.isPresent(); next = reader.next()) {
                SourceRow row = next.get();
                rows++;
                if (row.isBroken()) {
                    runner.each((lane, rejected) -> lane.rejectRecord(row.line(), row.problem(), rejected), row.size());
                } else {
                    var canonical = rowMapper.map(row);
                    runner.each((lane, rejected) -> lane.accept(canonical, rejected), row.size());
                }
                if (rows % PROGRESS_EVERY == 0) {
                    progress.accept(rows);
                }
            }
        } catch (InputFormatException e) {
            errors.add(new FileError(e.line(), e.getMessage()));
        } catch (MappingException e) {
            errors.add(new FileError(0, e.getMessage()));
        } catch (IOException e) {
            errors.add(new FileError(0, "cannot read the file: " + e.getMessage()));
        } finally {
            if (runner != null) {
                // the rows read before a file-level error are still delivered
                runner.drain();
                runner.close();
            }
        }
        return new Reading(rows, List.copyOf(errors), header, dialect);
    }

    private Map<String, DestinationLane> readingLanes(MappingDocument mapping, Optional<List<String>> header,
            Function<String, DestinationState> states, SyncMode mode, BatchSink batches) {
        Map<String, DestinationLane> lanes = new LinkedHashMap<>();
        Optional<List<String>> renamed = renamed(mapping, header);
        selected(mapping).forEach((name, options) -> lanes.put(name, new DestinationLane(name,
                destinations.get(name).mapper(options, renamed), caps, batches, states.apply(name), mode, mapping.writeMode(),
                mapping.sourceKind(), onRemoved(mapping, name))));
        return lanes;
    }

    /** The header with the mapping's renames: the fields the destinations' mappers see. */
    private static Optional<List<String>> renamed(MappingDocument mapping, Optional<List<String>> header) {
        return header.map(names -> names.stream().map(name -> mapping.columns().getOrDefault(name, name)).toList());
    }

    /** Each lane's last rows, change detection and batches: on a thread of its own when the lanes are parallel. */
    private Map<String, DestinationSummary> finish(Map<String, DestinationLane> lanes, SupersededSink superseded,
            RemovedSink removed, boolean readWhole) {
        Map<String, DestinationSummary> summaries = new LinkedHashMap<>();
        if (!parallel || lanes.size() < 2) {
            lanes.forEach((name, lane) -> summaries.put(name, lane.finish(superseded, removed, readWhole)));
            return summaries;
        }
        SupersededSink shared = (line, destination, by) -> {
            synchronized (superseded) {
                superseded.superseded(line, destination, by);
            }
        };
        RemovedSink sharedRemoved = new RemovedSink() {
            @Override
            public void removed(String destination, String key, Action action, long ref) {
                synchronized (removed) {
                    removed.removed(destination, key, action, ref);
                }
            }

            @Override
            public void identifierChanged(String destination, String key, String identifier, Identifiers.Handling handling) {
                synchronized (removed) {
                    removed.identifierChanged(destination, key, identifier, handling);
                }
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(lanes.size(), task -> {
            Thread thread = new Thread(task, "lane-finish");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<String, Future<DestinationSummary>> finishing = new LinkedHashMap<>();
            lanes.forEach((name, lane) -> finishing.put(name, threads.submit(() -> lane.finish(shared, sharedRemoved, readWhole))));
            finishing.forEach((name, summary) -> summaries.put(name, LaneRunner.await(summary)));
            return summaries;
        } finally {
            threads.shutdownNow();
        }
    }

    private static BatchSink synchronizedSink(BatchSink sink) {
        return new BatchSink() {
            @Override
            public synchronized void write(String destination, Batch batch) {
                sink.write(destination, batch);
            }

            @Override
            public void flush() {
                sink.flush();
            }
        };
    }

    /** The mapping's destinations with their options, or every enabled destination with its defaults. */
    private Map<String, JsonNode> selected(MappingDocument mapping) {
        Map<String, JsonNode> selected = new LinkedHashMap<>();
        if (mapping.destinations() == null) {
            new TreeSet<>(destinations.keySet()).forEach(name -> selected.put(name, null));
            return selected;
        }
        for (Map.Entry<String, JsonNode> entry : mapping.destinations().entrySet()) {
            if (!destinations.containsKey(entry.getKey())) {
                throw new MappingException("mapping names unknown or disabled destination '" + entry.getKey()
                        + "'; this deployment has " + new TreeSet<>(destinations.keySet()));
            }
            selected.put(entry.getKey(), withoutBlanks(entry.getKey(), entry.getValue()));
        }
        if (selected.isEmpty()) {
            throw new MappingException("mapping selects no destination");
        }
        return selected;
    }

    /**
     * What a snapshot does with the destination's removed users (checked when the mapping was read; a destination without a
     * deletion API is refused before the split, {@code splitter.SplitRuns#guards}, and deletes nobody here).
     */
    private static OnRemoved onRemoved(MappingDocument mapping, String destination) {
        return OnRemoved.of("", destination, mapping.destinations() == null ? null : mapping.destinations().get(destination));
    }

    /**
     * A destination's options without its {@code on_removed} setting and {@code blanks:} section, once that section is checked. Blank cells are never
     * sent ({@code skip}); {@code clear} would send a clear for a blank, but none of the three destinations' documents
     * says how a value is cleared through its import (Insider names a separate Delete User Attribute API that
     * its upsert page does not describe), so it is refused rather than guessed.
     */
    private static JsonNode withoutBlanks(String destination, JsonNode options) {
        if (options != null && options.has(OnRemoved.SETTING)) {
            // checked when the mapping was read; not an option of the destination's mapper
            ObjectNode rest = ((ObjectNode) options).deepCopy();
            rest.remove(OnRemoved.SETTING);
            options = rest;
        }
        if (options == null || !options.has("blanks")) {
            return options;
        }
        JsonNode blanks = options.get("blanks");
        if (!blanks.isObject()) {
            throw new MappingException("mapping for " + destination + ": blanks must map fields to skip or clear");
        }
        blanks.fields().forEachRemaining(field -> {
            String treatment = field.getValue().asText();
            if ("clear".equals(treatment)) {
                throw new MappingException("mapping for " + destination + ": blanks: clear for field '" + field.getKey()
                        + "' cannot apply: " + destination + "'s documentation does not say how to clear a value, so blank"
                        + " cells are never sent (use skip, or remove the entry)");
            }
            if (!"skip".equals(treatment)) {
                throw new MappingException("mapping for " + destination + ": blanks for field '" + field.getKey()
                        + "' must be skip or clear, not '" + treatment + "'");
            }
        });
        ObjectNode rest = ((ObjectNode) options).deepCopy();
        rest.remove("blanks");
        return rest;
    }
}
