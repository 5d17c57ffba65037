package io.profilesync.splitter;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.ingest.InputLimits;
import io.profilesync.mapping.GuardSettings;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingException;
import io.profilesync.mapping.OnRemoved;
import io.profilesync.metrics.Metrics;
import io.profilesync.queue.QueueSender;
import io.profilesync.run.RunCompletion;
import io.profilesync.run.RunHolds;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.S3BatchSink;
import io.profilesync.run.SourceObject;
import io.profilesync.runguard.GuardCrossed;
import io.profilesync.runguard.RunGuards;
import io.profilesync.splitting.BatchSink;
import io.profilesync.splitting.PartitionGroup;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.DestinationState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder;
import io.profilesync.sync.S3DestinationState;
import io.profilesync.sync.StateChanges;
import io.profilesync.sync.StateHash;
import io.profilesync.sync.StateKeyStore;
import io.profilesync.sync.StateSnapshot;
import io.profilesync.sync.StateKeys;
import io.profilesync.destination.Deletion;
import io.profilesync.destination.DestinationRegistry;

/** What a split run needs and leaves, whether its file is split in one piece or in chunks. */
@ApplicationScoped
class SplitRuns {

    private static final Logger LOG = Logger.getLogger(SplitRuns.class);

    private final ObjectStore store;
    private final DestinationRegistry destinations;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final Instance<QueueSender> queueSenders;
    private final RunCompletion completion;
    private final RunHolds holds;
    private final Metrics metrics;
    private final StateKeyStore stateKeys;

    SplitRuns(ObjectStore store, DestinationRegistry destinations, ProfileSyncConfig config, ObjectMapper json,
            Instance<QueueSender> queueSenders, RunCompletion completion, RunHolds holds, Metrics metrics,
            StateKeyStore stateKeys) {
        this.store = store;
        this.destinations = destinations;
        this.config = config;
        this.json = json;
        this.queueSenders = queueSenders;
        this.completion = completion;
        this.holds = holds;
        this.metrics = metrics;
        this.stateKeys = stateKeys;
    }

    /**
     * The sync's guards, checked: a destination they name must be one this deployment has enabled, and a destination whose
     * removed users are deleted ({@code on_removed: delete}) one that documents a deletion API we can use
     * ({@code destination.Destination#deletion}).
     */
    GuardSettings guards(String mappingName, MappingDocument mapping) {
        GuardSettings guards = GuardSettings.of(mappingName, mapping);
        Set<String> enabled = new TreeSet<>(destinations.enabled().keySet());
        guards.destinations().keySet().stream().filter(destination -> !enabled.contains(destination)).findFirst().ifPresent(destination -> {
            throw new MappingException("mapping " + mappingName + ": guards.destinations." + destination
                    + " names an unknown or disabled destination; this deployment has " + enabled);
        });
        new TreeSet<>(guards.deleting()).stream().filter(enabled::contains).forEach(destination -> {
            Deletion deletion = destinations.deletion(destination);
            if (!deletion.available()) {
                throw new MappingException("mapping " + mappingName + ": destinations." + destination + "." + OnRemoved.SETTING
                        + ": delete is not available for " + destination + ": " + deletion.refusal() + "; use keep (removed "
                        + "users are then counted and named in removed-users.jsonl)");
            }
        });
        return guards;
    }

    /** Whether a run's messages wait for its guards: it has some, and it queues anything at all. */
    static boolean deferred(GuardSettings guards, boolean dryRun) {
        return guards.any() && !dryRun;
    }

    /**
     * A new run of a sync supersedes the sync's held runs (a dry run changes nothing). A superseded run leaves the sync's
     * order too: it will never post, so the users it holds are stale for no older run.
     */
    void supersedeHeld(String bucket, String sync, String runId, boolean dryRun) {
        if (dryRun) {
            return;
        }
        List<String> superseded = holds.supersede(bucket, sync, runId);
        if (!superseded.isEmpty()) {
            RunOrder order = order(bucket);
            order.runs(sync).stream().filter(run -> superseded.contains(run.runId())).forEach(order::withdraw);
        }
    }

    /** Full resync and dry run: asked for by the mapping, or for one file by its S3 object tags. */
    SyncMode mode(MappingDocument mapping, SourceObject source) {
        Map<String, String> tags = store.tags(source.bucket(), source.key(), source.versionId());
        return new SyncMode(mapping.fullResync() || "true".equalsIgnoreCase(tags.get(SplitterService.FULL_RESYNC_TAG)),
                mapping.dryRun() || "true".equalsIgnoreCase(tags.get(SplitterService.DRY_RUN_TAG)), memoryBudget())
                .forInput(source.size() == null ? 0 : source.size());
    }

    /** The splitter core for the destinations this deployment has enabled. */
    Splitter splitter() {
        return new Splitter(destinations.enabled(), destinations.caps(), inputLimits());
    }

    /** What one record of a file may take: the configured limits, the others sized from this function's heap. */
    InputLimits inputLimits() {
        ProfileSyncConfig.Input input = config.input();
        return InputLimits.forThisHeap().with(input.maxRecordBytes(), input.maxColumns(), input.maxInflatedBytes());
    }

    long memoryBudget() {
        return SyncMode.memoryBudget(config.sync().itemsInMemoryBytes());
    }

    /** The order of the sync's runs in the working bucket. */
    RunOrder order(String bucket) {
        return new RunOrder(store, bucket, config.sync().statePrefix());
    }

    /**
     * Registers the run in its sync's order before its file is read, or renews its lease (a retried split, each step
     * of a chunked one); empty for a dry run, which holds nothing anywhere.
     */
    Optional<RunOrder.Registration> register(String bucket, String sync, String runId, SourceObject source,
            boolean dryRun) {
        return dryRun ? Optional.empty() : Optional.of(order(bucket).register(sync, runId, source.created(),
                config.sync().splitLease(), config.sync().runRetention()));
    }

    /** @throws io.profilesync.sync.StateKeyException when the state key is missing or unreadable */
    void checkStateKey() {
        stateKeys.get();
    }

    /**
     * Each destination's change detection state for this run, read on first use; {@link States#commit} records the run.
     *
     * @throws io.profilesync.sync.StateKeyException when the state key is missing or unreadable
     */
    States states(String bucket, String sync, String runId, boolean dryRun) {
        return new States(bucket, sync, runId, dryRun, Map.of());
    }

    /** Each destination's state as the chunked run found it, shared by the groups of partitions of its reduce. */
    States states(String bucket, String sync, String runId, boolean dryRun, Map<String, StateSnapshot> snapshots) {
        return new States(bucket, sync, runId, dryRun, snapshots);
    }

    final class States implements Function<String, DestinationState> {
        private final Map<String, S3DestinationState> states = new LinkedHashMap<>();
        private final String bucket;
        private final String sync;
        private final String runId;
        private final boolean dryRun;
        private final Map<String, StateSnapshot> snapshots;
        private final StateHash hash;
        private List<String> splitting;

        private States(String bucket, String sync, String runId, boolean dryRun, Map<String, StateSnapshot> snapshots) {
            this.hash = stateKeys.get();
            this.bucket = bucket;
            this.sync = sync;
            this.runId = runId;
            this.dryRun = dryRun;
            this.snapshots = snapshots;
        }

        @Override
        public S3DestinationState apply(String destination) {
            return states.computeIfAbsent(destination, name -> {
                StateKeys keys = new StateKeys(config.sync().statePrefix(), sync, name);
                return snapshots.containsKey(name)
                        ? S3DestinationState.resume(store, json, hash, bucket, keys, config.outputPrefix(), runId, dryRun,
                                snapshots.get(name), splitting())
                        : new S3DestinationState(store, json, hash, bucket, keys, config.outputPrefix(), runId, dryRun,
                                config.sync().foldAfter(), splitting());
            });
        }

        /** The sync's other runs still splitting: their values may be queued, and posted, already. */
        private List<String> splitting() {
            if (splitting == null) {
                splitting = order(bucket).runs(sync).stream().filter(run -> !run.split()).map(RunOrder.Registration::runId)
                        .filter(run -> !run.equals(runId)).toList();
            }
            return splitting;
        }

        /** Per destination, the state as this run finds it. */
        Map<String, StateSnapshot> snapshots(Collection<String> destinations) {
            Map<String, StateSnapshot> found = new TreeMap<>();
            destinations.forEach(destination -> found.put(destination, apply(destination).snapshot()));
            return found;
        }

        /** Per destination, what this run changed in a group of partitions (the others untouched), until it commits. */
        Map<String, StateChanges> changes(PartitionGroup group) {
            Map<String, StateChanges> changes = new TreeMap<>();
            states.forEach((destination, state) -> changes.put(destination, state.changes(group.first(), group.end())));
            return changes;
        }

        void commit() {
            states.values().forEach(S3DestinationState::commit);
        }

        /** Records what every group of partitions changed, per destination. */
        void commit(Map<String, List<StateChanges>> changes) {
            changes.forEach((destination, groups) -> apply(destination).commit(groups));
        }
    }

    /**
     * Where a run's batches go: stored in S3 and queued for the poster, or nowhere in a dry run. A guarded run's
     * messages are kept under {@code runs/<id>/messages/<part>.jsonl} until its guards are checked.
     */
    BatchSink batches(String bucket, RunKeys keys, SourceObject source, Optional<RunOrder.Registration> registration,
            GuardSettings guards, String part) {
        return registration.isEmpty() ? (destination, batch) -> { }
                : new S3BatchSink(store, json, queueSenders.get(), destinations, bucket, keys, source.uri(), registration.get().sync(),
                        registration.get().order(), config.uploadConcurrency(),
                        deferred(guards, false) ? Optional.of(keys.messages(part)) : Optional.empty());
    }

    /**
     * Records a split run: its manifest and metrics; a run with nothing to deliver (a dry run, all unchanged, a failed
     * split) is over now, another ends with its last batch. A guarded run that split whole is held if it crossed a
     * guard, and its kept messages are queued if not (a failed split is not held: what it read is delivered, as
     * without guards).
     * <p>
     * The run is marked split in its sync's order ({@code registration}) here, not before: a held run makes no older
     * run's users stale (docs/sync.md, "Guards"), so its manifest says {@code held} before any post can take it for
     * split; until then older runs' posts wait for it as for any run still splitting.
     */
    SplitOutcome record(String bucket, RunKeys keys, RunManifest manifest, GuardSettings guards,
            Optional<RunOrder.Registration> registration) {
        boolean deferred = deferred(guards, manifest.dryRun());
        Optional<GuardCrossed> crossed = deferred && RunManifest.SUCCEEDED.equals(manifest.status())
                ? RunGuards.firstCrossed(guards, manifest.rows(), manifest.destinations()) : Optional.empty();
        if (crossed.isPresent()) {
            RunManifest held = manifest.held(crossed.get());
            holds.hold(bucket, keys, held);
            registration.ifPresent(order(bucket)::split);
            holds.announceHeld(bucket, keys, held);
            metrics.destinationSummaries(json, held.destinations());
            return new SplitOutcome(held.source().uri(), held.status(), keys.runId(), "s3://" + bucket + "/"
                    + keys.manifest(), crossed.get().message());
        }
        registration.ifPresent(order(bucket)::split);
        if (deferred) {
            holds.queueKept(bucket, keys);
        }
        store.putJson(bucket, keys.manifest(), manifest);
        metrics.destinationSummaries(json, manifest.destinations());
        completion.completeIfOver(bucket, keys.runId());
        LOG.infof("split %s as run %s: %s, %d rows, %s%s", manifest.source().uri(), keys.runId(), manifest.status(),
                manifest.rows(), manifest.destinations(), manifest.errors().isEmpty() ? "" : ", errors " + manifest.errors());
        return new SplitOutcome(manifest.source().uri(), manifest.status(), keys.runId(), "s3://" + bucket + "/" + keys.manifest(),
                manifest.errors().isEmpty() ? "split" : manifest.errors().get(0).message());
    }
}
