package io.profilesync.splitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.ingest.Chunk;
import io.profilesync.ingest.CsvDialect;
import io.profilesync.ingest.InputFormat;
import io.profilesync.ingest.InputFormatException;
import io.profilesync.ingest.RangedFile;
import io.profilesync.ingest.RecordBoundaries;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.RowReaders;
import io.profilesync.logging.LogContext;
import io.profilesync.mapping.GuardSettings;
import io.profilesync.mapping.MappingException;
import io.profilesync.queue.QueueSender;
import io.profilesync.queue.SqsBatchResponse;
import io.profilesync.queue.SqsEvent;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.ChunkResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.SyncMode;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.StateKeyException;
import io.profilesync.sync.SyncName;

/**
 * A file too large for one invocation, split in chunks (docs/chunked-split.md, "Large files: the chunked split"). The splitter
 * cuts the file at record boundaries ({@link RecordBoundaries}) and queues one message per chunk; each chunk's
 * invocation maps and validates its rows and stores each destination's items by partition of their user key; once every
 * chunk is done, {@link ChunkedReduce} finishes the run as a file split in one piece is finished: per partition, the
 * last row of each user in the whole file wins, is compared with the state and batched. One run, one manifest, one
 * report. Every chunk reads the version of the file the S3 event named (kept in the plan's source): a file
 * overwritten while its chunks are split is not mixed with its successor.
 */
@ApplicationScoped
public class ChunkedSplit {

    private static final Logger LOG = Logger.getLogger(ChunkedSplit.class);

    private final ObjectStore store;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final Instance<QueueSender> queueSenders;
    private final SplitRuns runs;
    private final ChunkedReduce reduce;

    ChunkedSplit(ObjectStore store, ProfileSyncConfig config, ObjectMapper json,
            Instance<QueueSender> queueSenders, SplitRuns runs, ChunkedReduce reduce) {
        this.store = store;
        this.config = config;
        this.json = json;
        this.queueSenders = queueSenders;
        this.runs = runs;
        this.reduce = reduce;
    }

    /**
     * Plans and queues the chunks of a file larger than a chunk; empty when the file is split in one piece (which
     * also reports a file or mapping that cannot be read).
     */
    Optional<SplitOutcome> planIfLarge(SourceObject source, String bucket) {
        long chunkBytes = config.split().chunkBytes();
        String fileName = SourceParts.fileName(source);
        Optional<InputFormat> format = InputFormat.ofFileName(fileName);
        Long size;
        try {
            size = SourceParts.isSet(source)
                    ? Long.valueOf(SourceParts.of(store, source, config.inputPrefix()).stream().mapToLong(RangedFile::length).sum())
                    : source.size();
        } catch (InputFormatException e) {
            return Optional.empty(); // a manifest that lists no readable parts: the split in one piece reports it
        }
        if (size == null || size <= chunkBytes || format.isEmpty()) {
            return Optional.empty();
        }
        if (InputFormat.isGzip(fileName)) {
            LOG.warnf("%s (%d bytes) is split in one piece: a gzip file cannot be cut at byte offsets; drop it uncompressed"
                    + " to have it split in chunks of %d bytes", source.uri(), source.size(), chunkBytes);
            return Optional.empty();
        }
        if (config.split().chunkQueueUrl().isEmpty()) {
            LOG.warnf("%s (%d bytes) is split in one piece: set PROFILE_SYNC_SPLIT_CHUNK_QUEUE_URL to split files over %d"
                    + " bytes in chunks", source.uri(), source.size(), chunkBytes);
            return Optional.empty();
        }
        ChunkKeys keys = new ChunkKeys(config.split().chunkPrefix(), source.runId());
        String manifest = "s3://" + bucket + "/" + new RunKeys(config.outputPrefix(), source.runId()).manifest();
        if (store.exists(bucket, keys.queued())) {
            LOG.infof("%s is already being split in chunks by run %s", source.uri(), source.runId());
            return Optional.of(new SplitOutcome(source.uri(), SplitOutcome.DUPLICATE, source.runId(), manifest,
                    "already split in chunks: this notification is a duplicate"));
        }
        try {
            runs.checkStateKey();
            Optional<ChunkPlan> planned = plan(source, format.get(), chunkBytes);
            if (planned.isEmpty()) {
                LOG.warnf("%s (%d bytes) is split in one piece: its encoding's line breaks are not single bytes, so it"
                        + " cannot be cut at byte offsets", source.uri(), source.size());
                return Optional.empty();
            }
            ChunkPlan plan = planned.get();
            store.putJson(bucket, keys.plan(), plan);
            runs.supersedeHeld(bucket, plan.sync(), plan.runId(), plan.dryRun());
            runs.register(bucket, plan.sync(), plan.runId(), source, plan.dryRun());
            QueueSender queue = queueSenders.get();
            plan.chunks().forEach(chunk -> queue.sendJson(config.split().chunkQueueUrl().get(),
                    ChunkMessage.chunk(plan.runId(), bucket, chunk.index())));
            queue.flush();
            store.put(bucket, keys.queued(), new byte[0], ObjectStore.OCTET_STREAM);
            LOG.infof("%s: %d bytes in %d chunks of about %d bytes, run %s", source.uri(), source.size(),
                    plan.chunks().size(), chunkBytes, plan.runId());
            return Optional.of(new SplitOutcome(source.uri(), SplitOutcome.CHUNKED, plan.runId(), manifest,
                    "split in " + plan.chunks().size() + " chunks"));
        } catch (Unsplittable e) {
            return Optional.of(failed(source, bucket, e));
        } catch (MappingException | InputFormatException | StateKeyException e) {
            // split in one piece, which reports the problem
            return Optional.empty();
        }
    }

    /**
     * A file whose scan met a record over its limit fails now, with nothing sent: read in one piece instead, it would
     * be read (and its rows sent) up to that record, which may lie gigabytes in.
     */
    private SplitOutcome failed(SourceObject source, String bucket, Unsplittable e) {
        RunKeys keys = new RunKeys(config.outputPrefix(), source.runId());
        store.put(bucket, keys.rejectedRows(), new byte[0], ObjectStore.JSON_LINES);
        store.put(bucket, keys.supersededRows(), new byte[0], ObjectStore.JSON_LINES);
        return runs.record(bucket, keys, new RunManifest(keys.runId(), RunManifest.FAILED, source, e.mapping, 0,
                List.of(new FileError(e.error.line(), e.error.getMessage())), Map.of(), keys.rejectedRows(),
                keys.root() + "batches/", e.startedAt, Instant.now().toString(), e.sync, e.mode.fullResync(),
                e.mode.dryRun(), keys.supersededRows(), 1, null), GuardSettings.NONE, Optional.empty());
    }

    /** The scan of a file for its chunks met a record over its limit (what the run needs to record it failed). */
    private static final class Unsplittable extends RuntimeException {
        private final InputFormatException error;
        private final String mapping;
        private final String sync;
        private final SyncMode mode;
        private final String startedAt;

        Unsplittable(InputFormatException error, String mapping, String sync, SyncMode mode, String startedAt) {
            super(error.getMessage(), error, false, false);
            this.error = error;
            this.mapping = mapping;
            this.sync = sync;
            this.mode = mode;
            this.startedAt = startedAt;
        }
    }

    /** The plan of a file's chunks; empty when its encoding cannot be cut at byte offsets (UTF-16). */
    private Optional<ChunkPlan> plan(SourceObject source, InputFormat format, long chunkBytes) {
        String startedAt = Instant.now().toString();
        MappingResolver.Resolved mapping = MappingResolver.resolve(store, source.bucket(), source.key(),
                config.inputPrefix(), config.mappingPrefix());
        SyncMode mode = runs.mode(mapping.document(), source);
        String sync = SyncName.of(mapping.document().sync(), source.key(), config.inputPrefix());
        runs.guards(mapping.name(), mapping.document());
        try {
            List<String> header;
            Optional<CsvDialect> dialect;
            List<RangedFile> parts = SourceParts.of(store, source, config.inputPrefix());
            String fileName = SourceParts.fileName(source);
            try (RowReader reader = RowReaders.open(fileName, parts, mapping.document().csv(),
                    Set.copyOf(mapping.document().ignore()), runs.inputLimits())) {
                header = reader.header().orElse(null);
                dialect = reader.dialect();
            }
            if (dialect.isPresent() && !dialect.get().splittable()) {
                return Optional.empty();
            }
            List<Chunk> chunks;
            if (format == InputFormat.PARQUET) {
                chunks = RowReaders.parquetChunks(parts, chunkBytes);
            } else {
                try (InputStream whole = store.open(source.bucket(), source.key(), source.versionId())) {
                    chunks = RecordBoundaries.scan(whole, format, dialect, chunkBytes, runs.inputLimits());
                } catch (InputFormatException e) {
                    throw new Unsplittable(e, mapping.name(), sync, mode, startedAt);
                }
            }
            return Optional.of(new ChunkPlan(source.runId(), source, mapping.name(), mapping.document(), sync,
                    mode.fullResync(), mode.dryRun(), header, chunks, startedAt, dialect.orElse(null), Splitter.HANDOVER_FORMAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.uri(), e);
        }
    }

    /** Splits the chunks an SQS batch names; a chunk that fails comes back (partial batch response). */
    public SqsBatchResponse handle(SqsEvent event) {
        List<SqsBatchResponse.ItemFailure> failures = new ArrayList<>();
        for (SqsEvent.Message message : event.records() == null ? List.<SqsEvent.Message>of() : event.records()) {
            try {
                split(message);
            } catch (RuntimeException e) {
                LOG.errorf("splitting chunk message %s failed and will be retried: %s", message.messageId(), e.toString());
                failures.add(new SqsBatchResponse.ItemFailure(message.messageId()));
            }
        }
        LogContext.clear();
        return new SqsBatchResponse(failures);
    }

    private void split(SqsEvent.Message message) {
        ChunkMessage task = parse(message.body().getBytes(StandardCharsets.UTF_8));
        LogContext.run(task.runId());
        String bucket = task.bucket();
        ChunkKeys keys = new ChunkKeys(config.split().chunkPrefix(), task.runId());
        if (store.exists(bucket, new RunKeys(config.outputPrefix(), task.runId()).manifest())) {
            LOG.infof("run %s is already split; %s has nothing left to do", task.runId(), message.messageId());
            return;
        }
        ChunkPlan plan = store.readJson(bucket, keys.plan(), ChunkPlan.class).orElseThrow(() -> new IllegalStateException(
                "the plan of chunked run " + task.runId() + " is missing from s3://" + bucket + "/" + keys.plan()
                        + ": it expires after split_chunk_retention_days"));
        if (plan.handoverFormat() != Splitter.HANDOVER_FORMAT) {
            throw new IllegalStateException("chunked run " + task.runId() + " was planned by another version of profile-sync "
                    + "(its chunks hand on items in form " + plan.handoverFormat() + ", this version reads form "
                    + Splitter.HANDOVER_FORMAT + "): it cannot be finished across the deploy; drop " + plan.source().uri()
                    + " again to run it anew");
        }
        if (task.group() != null) {
            reduce.reduceGroup(plan, task, message.messageId());
            return;
        }
        if (!store.exists(bucket, keys.done(task.chunk()))) {
            readChunk(plan, plan.chunks().get(task.chunk()), bucket, keys);
        }
        reduce.chunkDone(plan, bucket, keys, message.messageId());
    }

    private void readChunk(ChunkPlan plan, Chunk chunk, String bucket, ChunkKeys keys) {
        long start = System.nanoTime();
        SourceObject source = plan.source();
        runs.register(bucket, plan.sync(), plan.runId(), source, plan.dryRun());
        ChunkUploads items = new ChunkUploads(store, bucket, keys, chunk.index(), config.uploadConcurrency());
        ChunkResult result;
        try (RowsReport rejections = new RowsReport(json, source.uri(), "rejected-rows")) {
            result = runs.splitter().readChunk(SourceParts.fileName(source), SourceParts.of(store, source, config.inputPrefix()), chunk,
                    Optional.ofNullable(plan.header()), Optional.ofNullable(plan.dialect()), plan.document(),
                    SyncMode.budgetFor(runs.memoryBudget(), chunk.bytes()), items, rejections,
                    rows -> LOG.infof("%s chunk %d: %d rows read", source.uri(), chunk.index(), rows));
            items.flush();
            rejections.upload(store, bucket, keys.rejectedRows(chunk.index()));
        }
        store.putJson(bucket, keys.summary(chunk.index()), new ChunkSummary(chunk.index(), result.rows(), result.errors(),
                result.destinations(), items.partitions(), items.bytes(), (System.nanoTime() - start) / 1e9));
        store.put(bucket, keys.done(chunk.index()), new byte[0], ObjectStore.OCTET_STREAM);
        LOG.infof("%s chunk %d of %d: lines from %d, %d rows, %s", source.uri(), chunk.index() + 1, plan.chunks().size(),
                chunk.firstLine(), result.rows(), result.destinations());
    }

    private ChunkMessage parse(byte[] body) {
        try {
            return json.readValue(body, ChunkMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable chunk message", e);
        }
    }
}
