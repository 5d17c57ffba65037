package io.profilesync.splitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.logging.LogContext;
import io.profilesync.mapping.MappingException;
import io.profilesync.metrics.Metrics;
import io.profilesync.queue.QueueSender;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.S3BatchSink;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.VendorRegistry;

/**
 * Splits every object an S3 event announces. One bad file never stops the other records of the event; a fault
 * of S3 or SQS fails the invocation (after the other records) so that Lambda retries it, and the records
 * already split are then recognised as duplicates.
 */
@ApplicationScoped
public class SplitterService {

    private static final Logger LOG = Logger.getLogger(SplitterService.class);

    private final ObjectStore store;
    private final VendorRegistry vendors;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final Instance<QueueSender> queueSenders;
    @Inject
    Metrics metrics;

    public SplitterService(ObjectStore store, VendorRegistry vendors, ProfileSyncConfig config, ObjectMapper json,
            Instance<QueueSender> queueSenders) {
        this.store = store;
        this.vendors = vendors;
        this.config = config;
        this.json = json;
        this.queueSenders = queueSenders;
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
        LOG.infof("split %s as run %s: %s, %d rows, %s%s", source.uri(), keys.runId(), manifest.status(),
                manifest.rows(), manifest.vendors(), manifest.errors().isEmpty() ? "" : ", errors " + manifest.errors());
        return new SplitOutcome(source.uri(), manifest.status(), keys.runId(), manifestUri,
                manifest.errors().isEmpty() ? "split" : manifest.errors().get(0).message());
    }

    private RunManifest run(SourceObject source, String bucket, RunKeys keys) {
        String startedAt = Instant.now().toString();
        String mappingName = MappingResolver.BUILT_IN;
        RunResult result;
        try (RejectedRowsReport rejections = new RejectedRowsReport(json, source.uri())) {
            try {
                MappingResolver.Resolved mapping = MappingResolver.resolve(store, source.bucket(), source.key(),
                        config.inputPrefix(), config.mappingPrefix());
                mappingName = mapping.name();
                S3BatchSink sink = new S3BatchSink(store, queueSenders.get(), vendors, bucket, keys, source.uri(),
                        config.uploadConcurrency());
                Splitter splitter = new Splitter(vendors.enabled(), vendors.caps());
                try (InputStream input = store.open(source.bucket(), source.key())) {
                    result = splitter.split(source.fileName(), input, mapping.document(), sink, rejections,
                            rows -> LOG.infof("%s: %d rows read", source.uri(), rows));
                }
            } catch (MappingException e) {
                result = new RunResult(0, List.of(new FileError(0, e.getMessage())), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rejections.upload(store, bucket, keys.rejectedRows());
        }
        return new RunManifest(keys.runId(), result.succeeded() ? RunManifest.SUCCEEDED : RunManifest.FAILED, source,
                mappingName, result.rows(), result.errors(), result.vendors(), keys.rejectedRows(),
                keys.root() + "batches/", startedAt, Instant.now().toString());
    }
}
