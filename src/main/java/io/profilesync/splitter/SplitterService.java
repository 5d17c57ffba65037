package io.profilesync.splitter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.ingest.InputFormatException;
import io.profilesync.ingest.RangedFile;
import io.profilesync.logging.LogContext;
import io.profilesync.mapping.GuardSettings;
import io.profilesync.mapping.MappingException;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SyncMode;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder;
import io.profilesync.sync.StateKeyException;
import io.profilesync.sync.SyncName;

/**
 * Splits every object an S3 event announces. One bad file never stops the other records of the event; a fault
 * of S3 or SQS fails the invocation (after the other records) so that Lambda retries it, and the records
 * already split are then recognised as duplicates.
 */
@ApplicationScoped
public class SplitterService {

    private static final Logger LOG = Logger.getLogger(SplitterService.class);
    /** Object tags that ask for one file what the mapping's flags ask for every file. */
    public static final String FULL_RESYNC_TAG = "profile-sync-full-resync";
    public static final String DRY_RUN_TAG = "profile-sync-dry-run";

    private final ObjectStore store;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final SplitRuns runs;
    private final ChunkedSplit chunks;

    public SplitterService(ObjectStore store, ProfileSyncConfig config, ObjectMapper json,
            SplitRuns runs, ChunkedSplit chunks) {
        this.store = store;
        this.config = config;
        this.json = json;
        this.runs = runs;
        this.chunks = chunks;
    }

    public SplitterResponse handle(S3Event event) {
        List<SplitOutcome> outcomes = new ArrayList<>();
        RuntimeException failure = null;
        for (S3Event.Record record : event.records() == null ? List.<S3Event.Record>of() : event.records()) {
            SourceObject source = record.source();
            LogContext.run(source.runId());
            try {
                outcomes.add(split(record.eventName(), source));
            } catch (RuntimeException e) {
                LOG.errorf("splitting %s failed and will be retried: %s", source.uri(), e.toString());
                outcomes.add(new SplitOutcome(source.uri(), RunManifest.FAILED, source.runId(), null, e.toString()));
                failure = failure == null ? e : failure;
            }
        }
        LogContext.clear();
        if (failure != null) {
            throw failure;
        }
        return new SplitterResponse(outcomes);
    }

    private SplitOutcome split(String eventName, SourceObject source) {
        if (!isNewInput(eventName, source.key())) {
            LOG.debugf("ignoring %s %s: not a new object under %s", eventName, source.uri(), config.inputPrefix());
            return new SplitOutcome(source.uri(), SplitOutcome.IGNORED, null, null,
                    "not a new object under " + config.inputPrefix());
        }
        String bucket = config.outputBucket().orElse(source.bucket());
        RunKeys keys = new RunKeys(config.outputPrefix(), source.runId());
        if (store.exists(bucket, keys.manifest())) {
            LOG.infof("%s was already split by run %s; nothing enqueued again", source.uri(), keys.runId());
            return new SplitOutcome(source.uri(), SplitOutcome.DUPLICATE, keys.runId(), "s3://" + bucket + "/" + keys.manifest(),
                    "already split: this notification is a duplicate");
        }
        Optional<SplitOutcome> chunked = chunks.planIfLarge(source, bucket);
        if (chunked.isPresent()) {
            return chunked.get();
        }
        Split split = run(source, bucket, keys);
        return runs.record(bucket, keys, split.manifest(), split.guards(), split.registration());
    }

    /** Whether an event record names a new object to split: created, under the input prefix and not an output or mapping. */
    boolean isNewInput(String eventName, String key) {
        return eventName != null && eventName.startsWith("ObjectCreated") && key.startsWith(config.inputPrefix())
                && !key.startsWith(config.outputPrefix()) && !key.startsWith(config.mappingPrefix())
                && !SourceParts.isPart(key);
    }

    /**
     * A file split: its manifest, the guards of its sync (none when its mapping could not be read), and its place in the
     * sync's order, to be marked split once it is recorded (none for a dry run, or a run that withdrew).
     */
    private record Split(RunManifest manifest, GuardSettings guards, Optional<RunOrder.Registration> registration) {
    }

    private Split run(SourceObject source, String bucket, RunKeys keys) {
        String startedAt = Instant.now().toString();
        String mappingName = MappingResolver.BUILT_IN;
        RunResult result;
        String sync = null;
        GuardSettings guards = GuardSettings.NONE;
        SyncMode mode = new SyncMode(false, false, runs.memoryBudget());
        Optional<RunOrder.Registration> registration = Optional.empty();
        try (RowsReport rejections = new RowsReport(json, source.uri(), "rejected-rows");
                RowsReport superseded = new RowsReport(json, source.uri(), "superseded-rows");
                RowsReport removed = new RowsReport(json, source.uri(), "removed-users");
                RowsReport identifiers = new RowsReport(json, source.uri(), "identifier-changes")) {
            try {
                MappingResolver.Resolved mapping = MappingResolver.resolve(store, source.bucket(), source.key(),
                        config.inputPrefix(), config.mappingPrefix());
                mappingName = mapping.name();
                sync = SyncName.of(mapping.document().sync(), source.key(), config.inputPrefix());
                mode = runs.mode(mapping.document(), source);
                guards = runs.guards(mappingName, mapping.document());
                List<RangedFile> parts = SourceParts.of(store, source, config.inputPrefix());
                SplitRuns.States states = runs.states(bucket, sync, keys.runId(), mode.dryRun());
                runs.supersedeHeld(bucket, sync, keys.runId(), mode.dryRun());
                registration = runs.register(bucket, sync, keys.runId(), source, mode.dryRun());
                Splitter splitter = runs.splitter();
                result = splitter.split(SourceParts.fileName(source), parts, mapping.document(),
                        new Splitter.SyncPlan(states, mode, superseded, RowsReport.naming(removed, identifiers)),
                        runs.batches(bucket, keys, source, registration, guards, "run"),
                        rejections, rows -> LOG.infof("%s: %d rows read", source.uri(), rows));
                states.commit();
            } catch (MappingException | InputFormatException e) {
                // a mapping that cannot be read, or a Parquet manifest that lists no readable parts: nothing was read
                registration.ifPresent(runs.order(bucket)::withdraw);
                registration = Optional.empty();
                guards = GuardSettings.NONE;
                result = new RunResult(0, List.of(new FileError(0, e.getMessage())), Map.of());
            } catch (StateKeyException e) {
                // found before any batch is cut: nothing was queued or recorded, the file is split once dropped again
                LOG.errorf("configuration error: %s", e.getMessage());
                registration.ifPresent(runs.order(bucket)::withdraw);
                registration = Optional.empty();
                guards = GuardSettings.NONE;
                result = new RunResult(0, List.of(new FileError(0, "configuration error: " + e.getMessage())), Map.of());
            }
            rejections.upload(store, bucket, keys.rejectedRows());
            superseded.upload(store, bucket, keys.supersededRows());
            removed.upload(store, bucket, keys.removedUsers());
            identifiers.upload(store, bucket, keys.identifierChanges());
        }
        return new Split(new RunManifest(keys.runId(), result.succeeded() ? RunManifest.SUCCEEDED : RunManifest.FAILED, source,
                mappingName, result.rows(), result.errors(), result.destinations(), keys.rejectedRows(),
                keys.root() + "batches/", startedAt, Instant.now().toString(), sync, mode.fullResync(), mode.dryRun(),
                keys.supersededRows(), 1, null, result.dialect()), guards, registration);
    }
}
