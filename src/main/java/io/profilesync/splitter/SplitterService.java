package io.profilesync.splitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.logging.LogContext;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingException;
import io.profilesync.metrics.Metrics;
import io.profilesync.queue.QueueSender;
import io.profilesync.run.RunCompletion;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.S3BatchSink;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.BatchSink;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.VendorState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.S3VendorState;
import io.profilesync.sync.StateKeys;
import io.profilesync.sync.SyncName;
import io.profilesync.vendor.VendorRegistry;

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
    private final VendorRegistry vendors;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final Instance<QueueSender> queueSenders;
    private final RunCompletion completion;
    @Inject
    Metrics metrics;

    public SplitterService(ObjectStore store, VendorRegistry vendors, ProfileSyncConfig config, ObjectMapper json,
            Instance<QueueSender> queueSenders, RunCompletion completion) {
        this.store = store;
        this.vendors = vendors;
        this.config = config;
        this.json = json;
        this.queueSenders = queueSenders;
        this.completion = completion;
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
        String key = source.key();
        if (eventName == null || !eventName.startsWith("ObjectCreated") || !key.startsWith(config.inputPrefix())
                || key.startsWith(config.outputPrefix()) || key.startsWith(config.mappingPrefix())) {
            LOG.debugf("ignoring %s %s: not a new object under %s", eventName, source.uri(), config.inputPrefix());
            return new SplitOutcome(source.uri(), SplitOutcome.IGNORED, null, null,
                    "not a new object under " + config.inputPrefix());
        }
        String bucket = config.outputBucket().orElse(source.bucket());
        RunKeys keys = new RunKeys(config.outputPrefix(), source.runId());
        String manifestUri = "s3://" + bucket + "/" + keys.manifest();
        if (store.exists(bucket, keys.manifest())) {
            LOG.infof("%s was already split by run %s; nothing enqueued again", source.uri(), keys.runId());
            return new SplitOutcome(source.uri(), SplitOutcome.DUPLICATE, keys.runId(), manifestUri,
                    "already split: this notification is a duplicate");
        }
        RunManifest manifest = run(source, bucket, keys);
        store.putJson(bucket, keys.manifest(), manifest);
        metrics.vendorSummaries(json, manifest.vendors());
        // a run with nothing to deliver (a dry run, all unchanged, a failed split) is over now; another ends with its last batch
        completion.completeIfOver(bucket, keys.runId());
        LOG.infof("split %s as run %s: %s, %d rows, %s%s", source.uri(), keys.runId(), manifest.status(),
                manifest.rows(), manifest.vendors(), manifest.errors().isEmpty() ? "" : ", errors " + manifest.errors());
        return new SplitOutcome(source.uri(), manifest.status(), keys.runId(), manifestUri,
                manifest.errors().isEmpty() ? "split" : manifest.errors().get(0).message());
    }

    private RunManifest run(SourceObject source, String bucket, RunKeys keys) {
        String startedAt = Instant.now().toString();
        String mappingName = MappingResolver.BUILT_IN;
        RunResult result;
        String sync = null;
        SyncMode mode = new SyncMode(false, false, SyncMode.memoryBudget(config.sync().itemsInMemoryBytes()));
        try (RowsReport rejections = new RowsReport(json, source.uri(), "rejected-rows");
                RowsReport superseded = new RowsReport(json, source.uri(), "superseded-rows")) {
            try {
                MappingResolver.Resolved mapping = MappingResolver.resolve(store, source.bucket(), source.key(),
                        config.inputPrefix(), config.mappingPrefix());
                mappingName = mapping.name();
                sync = SyncName.of(mapping.document().sync(), source.key(), config.inputPrefix());
                mode = mode(mapping.document(), source);
                Map<String, S3VendorState> states = new HashMap<>();
                String syncName = sync;
                boolean dryRun = mode.dryRun();
                Function<String, VendorState> state = vendor -> states.computeIfAbsent(vendor, name -> new S3VendorState(
                        store, json, bucket, new StateKeys(config.sync().statePrefix(), syncName, name),
                        config.outputPrefix(), keys.runId(), dryRun, config.sync().foldAfter()));
                BatchSink sink = dryRun ? (vendor, batch) -> { }
                        : new S3BatchSink(store, queueSenders.get(), vendors, bucket, keys, source.uri(), config.uploadConcurrency());
                Splitter splitter = new Splitter(vendors.enabled(), vendors.caps());
                try (InputStream input = store.open(source.bucket(), source.key())) {
                    result = splitter.split(source.fileName(), input, mapping.document(),
                            new Splitter.SyncPlan(state, mode, superseded), sink, rejections,
                            rows -> LOG.infof("%s: %d rows read", source.uri(), rows));
                }
                states.values().forEach(S3VendorState::commit);
            } catch (MappingException e) {
                result = new RunResult(0, List.of(new FileError(0, e.getMessage())), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rejections.upload(store, bucket, keys.rejectedRows());
            superseded.upload(store, bucket, keys.supersededRows());
        }
        return new RunManifest(keys.runId(), result.succeeded() ? RunManifest.SUCCEEDED : RunManifest.FAILED, source,
                mappingName, result.rows(), result.errors(), result.vendors(), keys.rejectedRows(),
                keys.root() + "batches/", startedAt, Instant.now().toString(), sync, mode.fullResync(), mode.dryRun(),
                keys.supersededRows());
    }

    /** Full resync and dry run: asked for by the mapping, or for one file by its S3 object tags. */
    private SyncMode mode(MappingDocument mapping, SourceObject source) {
        Map<String, String> tags = store.tags(source.bucket(), source.key());
        return new SyncMode(mapping.fullResync() || "true".equalsIgnoreCase(tags.get(FULL_RESYNC_TAG)),
                mapping.dryRun() || "true".equalsIgnoreCase(tags.get(DRY_RUN_TAG)), SyncMode.memoryBudget(config.sync().itemsInMemoryBytes()));
    }
}
