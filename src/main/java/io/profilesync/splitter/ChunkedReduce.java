package io.profilesync.splitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.QueueSender;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.LaneCounts;
import io.profilesync.splitting.PartitionGroup;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.DestinationState;
import io.profilesync.splitting.DestinationSummary;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder;
import io.profilesync.sync.StateChanges;

/**
 * The reduce of a chunked run (docs/chunked-split.md, "Large files: the chunked split"), fanned out so that no single invocation
 * reads every chunk's items. The invocation that finds every chunk split plans the reduce: groups of partitions, for
 * about {@code reduce-group-bytes} of items each, and each destination's state as the run finds it; it queues one message
 * per group. Each group's invocation reduces its partitions as a file split in one piece is finished (last row wins,
 * change detection, batches, numbered in the group's own range) and leaves its counts and state changes. The
 * invocation that finds every group done finishes the run: the joined counts, one state commit per destination, the joined
 * rejected and superseded rows, removed users, the manifest. A guarded run's groups keep their messages, and the
 * finish queues them or holds the run (docs/sync.md, "Guards").
 */
@ApplicationScoped
class ChunkedReduce {

    private static final Logger LOG = Logger.getLogger(ChunkedReduce.class);

    private final ObjectStore store;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final Instance<QueueSender> queueSenders;
    private final SplitRuns runs;

    ChunkedReduce(ObjectStore store, ProfileSyncConfig config, ObjectMapper json,
            Instance<QueueSender> queueSenders, SplitRuns runs) {
        this.store = store;
        this.config = config;
        this.json = json;
        this.queueSenders = queueSenders;
        this.runs = runs;
    }

    /** A chunk is split: if it was the last, the first invocation to see that queues the reduce's groups. */
    void chunkDone(ChunkPlan plan, String bucket, ChunkKeys keys, String messageId) {
        if (store.list(bucket, keys.donePrefix()).size() == plan.chunks().size()
                && claim(bucket, keys.fanOutClaim(), messageId)) {
            fanOut(plan, bucket, keys);
        }
    }

    /**
     * Plans the groups, unless an earlier attempt did (its plan stands: every group must start from the same state),
     * and queues one message per group; a message queued twice finds its group done.
     */
    private void fanOut(ChunkPlan plan, String bucket, ChunkKeys keys) {
        ReducePlan reduce = store.readJson(bucket, keys.reducePlan(), ReducePlan.class).orElseGet(() -> {
            List<ChunkSummary> chunks = plan.chunks().stream().map(chunk -> store.readJson(bucket,
                    keys.summary(chunk.index()), ChunkSummary.class).orElseThrow(() -> missing(bucket, keys.summary(chunk.index()))))
                    .toList();
            long itemBytes = chunks.stream().mapToLong(ChunkSummary::itemBytes).sum();
            ReducePlan planned = new ReducePlan(chunks,
                    PartitionGroup.split(PartitionGroup.count(itemBytes, config.split().reduceGroupBytes())), runs.states(bucket, plan.sync(),
                    plan.runId(), plan.dryRun()).snapshots(counts(chunks).keySet()));
            store.putJsonIfAbsent(bucket, keys.reducePlan(), planned);
            return store.readJson(bucket, keys.reducePlan(), ReducePlan.class).orElseThrow();
        });
        QueueSender queue = queueSenders.get();
        reduce.groups().forEach(group -> queue.sendJson(config.split().chunkQueueUrl().orElseThrow(),
                ChunkMessage.group(plan.runId(), bucket, group.index())));
        queue.flush();
        LOG.infof("%s: every chunk is split; its reduce is queued in %d groups of partitions", plan.source().uri(),
                reduce.groups().size());
    }

    /** Reduces one group of partitions; the first invocation to find every group done finishes the run. */
    void reduceGroup(ChunkPlan plan, ChunkMessage task, String messageId) {
        String bucket = task.bucket();
        ChunkKeys keys = new ChunkKeys(config.split().chunkPrefix(), plan.runId());
        ReducePlan reduce = store.readJson(bucket, keys.reducePlan(), ReducePlan.class)
                .orElseThrow(() -> missing(bucket, keys.reducePlan()));
        if (!store.exists(bucket, keys.groupDone(task.group()))) {
            reduce(plan, reduce, reduce.groups().get(task.group()), bucket, keys);
        }
        if (store.list(bucket, keys.groupsDonePrefix()).size() == reduce.groups().size()
                && claim(bucket, keys.finishClaim(), messageId)) {
            RunKeys runKeys = new RunKeys(config.outputPrefix(), plan.runId());
            RunManifest manifest = finish(plan, reduce, bucket, keys, runKeys);
            runs.record(bucket, runKeys, manifest, runs.guards(plan.mapping(), plan.document()),
                    runs.register(bucket, plan.sync(), plan.runId(), plan.source(), plan.dryRun()));
        }
    }

    private void reduce(ChunkPlan plan, ReducePlan reduce, PartitionGroup group, String bucket, ChunkKeys keys) {
        long start = System.nanoTime();
        RunKeys runKeys = new RunKeys(config.outputPrefix(), plan.runId());
        SyncMode mode = new SyncMode(plan.fullResync(), plan.dryRun(), runs.memoryBudget());
        SplitRuns.States states = runs.states(bucket, plan.sync(), plan.runId(), plan.dryRun(), reduce.states());
        Optional<RunOrder.Registration> registration = runs.register(bucket, plan.sync(), plan.runId(), plan.source(),
                plan.dryRun());
        Map<String, DestinationSummary> summaries;
        try (RowsReport superseded = new RowsReport(json, plan.source().uri(), "superseded-rows");
                RowsReport removed = new RowsReport(json, plan.source().uri(), "removed-users");
                RowsReport identifiers = new RowsReport(json, plan.source().uri(), "identifier-changes");
                ChunkItemReads items = new ChunkItemReads(store, bucket, keys, reduce.chunks())) {
            summaries = runs.splitter().reduce(plan.document(),
                    Optional.ofNullable(plan.header()), new Splitter.SyncPlan(states, mode, superseded,
                            RowsReport.naming(removed, identifiers)),
                    counts(reduce.chunks()), items, readWhole(reduce.chunks()), group,
                    runs.batches(bucket, runKeys, plan.source(), registration,
                            runs.guards(plan.mapping(), plan.document()), String.format("g%03d", group.index())));
            superseded.upload(store, bucket, keys.groupSupersededRows(group.index()));
            removed.upload(store, bucket, keys.groupRemovedUsers(group.index()));
            identifiers.upload(store, bucket, keys.groupIdentifierChanges(group.index()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        store.putJson(bucket, keys.groupResult(group.index()), new GroupResult(group.index(), summaries,
                states.changes(group), seconds));
        store.put(bucket, keys.groupDone(group.index()), new byte[0], ObjectStore.OCTET_STREAM);
        LOG.infof("%s: partitions %d to %d of %d reduced in %.1f s", plan.source().uri(), group.first(), group.end() - 1,
                DestinationState.PARTITIONS, seconds);
    }

    private RunManifest finish(ChunkPlan plan, ReducePlan reduce, String bucket, ChunkKeys keys, RunKeys runKeys) {
        List<GroupResult> groups = reduce.groups().stream().map(group -> store.readJson(bucket,
                keys.groupResult(group.index()), GroupResult.class).orElseThrow(() -> missing(bucket,
                        keys.groupResult(group.index())))).toList();
        Map<String, DestinationSummary> summaries = new LinkedHashMap<>();
        Map<String, List<StateChanges>> changes = new TreeMap<>();
        counts(reduce.chunks()).forEach((destination, counts) -> {
            summaries.put(destination, DestinationSummary.joined(counts, groups.stream().map(group -> group.destinations().get(destination)).toList()));
            changes.put(destination, groups.stream().map(group -> group.states().get(destination)).toList());
        });
        runs.states(bucket, plan.sync(), plan.runId(), plan.dryRun(), reduce.states()).commit(changes);
        join(bucket, reduce.groups().stream().map(group -> keys.groupSupersededRows(group.index())).toList(),
                runKeys.supersededRows());
        join(bucket, reduce.groups().stream().map(group -> keys.groupRemovedUsers(group.index())).toList(),
                runKeys.removedUsers());
        join(bucket, reduce.groups().stream().map(group -> keys.groupIdentifierChanges(group.index())).toList(),
                runKeys.identifierChanges());
        join(bucket, plan.chunks().stream().map(chunk -> keys.rejectedRows(chunk.index())).toList(), runKeys.rejectedRows());
        long rows = reduce.chunks().stream().mapToLong(ChunkSummary::rows).sum();
        List<FileError> errors = new ArrayList<>(reduce.chunks().stream().flatMap(chunk -> chunk.errors().stream())
                .distinct().toList());
        if (rows == 0 && errors.isEmpty()) {
            errors.add(FileError.noRows(plan.header() != null));
        }
        return new RunManifest(plan.runId(), errors.isEmpty() ? RunManifest.SUCCEEDED : RunManifest.FAILED, plan.source(),
                plan.mapping(), rows, List.copyOf(errors), summaries, runKeys.rejectedRows(), runKeys.root() + "batches/",
                plan.startedAt(), Instant.now().toString(), plan.sync(), plan.fullResync(), plan.dryRun(),
                runKeys.supersededRows(), plan.chunks().size(), null,
                plan.dialect() == null ? null : plan.dialect().describe());
    }

    /** Whether the file was read to its end and gave rows: a snapshot read in part (or empty) removes nobody. */
    private static boolean readWhole(List<ChunkSummary> chunks) {
        return chunks.stream().allMatch(chunk -> chunk.errors().isEmpty()) && chunks.stream().mapToLong(ChunkSummary::rows).sum() > 0;
    }

    /** Per destination, the rows every chunk counted. */
    private static Map<String, LaneCounts> counts(List<ChunkSummary> chunks) {
        Map<String, LaneCounts> counts = new TreeMap<>();
        chunks.forEach(chunk -> chunk.destinations().forEach((destination, count) -> counts.merge(destination, count, LaneCounts::plus)));
        return counts;
    }

    /** The parts, in order, as one object: the run's rejected-rows, superseded-rows, removed-users or identifier-changes report. */
    private void join(String bucket, List<String> parts, String key) {
        var joined = store.multipart(bucket, key, ObjectStore.JSON_LINES);
        try {
            for (String part : parts) {
                try (InputStream in = store.open(bucket, part)) {
                    in.transferTo(joined);
                }
            }
            joined.commit();
        } catch (IOException | RuntimeException e) {
            joined.abort();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Whether this invocation does a step that must be done once: it is the first to claim it, or the same SQS message
     * again after its invocation failed or timed out.
     */
    private boolean claim(String bucket, String key, String messageId) {
        Optional<Claim> claim = store.readJson(bucket, key, Claim.class);
        if (claim.isPresent()) {
            return messageId.equals(claim.get().messageId());
        }
        return store.putJsonIfAbsent(bucket, key, new Claim(messageId, Instant.now().toString()));
    }

    private static IllegalStateException missing(String bucket, String key) {
        return new IllegalStateException("s3://" + bucket + "/" + key + " is missing");
    }
}
