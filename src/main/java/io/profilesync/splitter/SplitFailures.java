package io.profilesync.splitter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.logging.LogContext;
import io.profilesync.mapping.GuardSettings;
import io.profilesync.queue.SqsBatchResponse;
import io.profilesync.queue.SqsEvent;
import io.profilesync.run.RunCompletion;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.FileError;
import io.profilesync.storage.ObjectStore;

/**
 * A split that failed for good ends as a failed run, never in silence (docs/sync.md, "What a failed split looks like").
 * Two roads lead here, both on the split-failures function's SQS event sources:
 * <ul>
 * <li>the splitter's asynchronous invocation failed on every attempt Lambda makes (whatever the cause: an exception,
 * out of memory, a timeout, a crash) or grew too old: Lambda sends the {@link FailedInvocation} record, holding the
 * S3 event, to the splitter's on-failure destination, the split-failures queue;</li>
 * <li>a chunk (or a group of the reduce) of a chunked split failed on every delivery of its message: SQS moves the
 * {@link ChunkMessage} to the split-chunks dead-letter queue.</li>
 * </ul>
 * Either way the run (its id derived from the S3 event as the splitter derives it) gets a failed manifest whose error
 * says why, as far as the record tells, and is completed as any run with nothing to deliver: its report is written and
 * {@code Run Failed} published. A run that already has a manifest keeps it, and is only completed if nobody did.
 */
@ApplicationScoped
public class SplitFailures {

    private static final Logger LOG = Logger.getLogger(SplitFailures.class);

    private final ObjectStore store;
    private final ProfileSyncConfig config;
    private final ObjectMapper json;
    private final SplitRuns runs;
    private final SplitterService splitter;
    private final RunCompletion completion;

    SplitFailures(ObjectStore store, ProfileSyncConfig config, ObjectMapper json, SplitRuns runs, SplitterService splitter,
            RunCompletion completion) {
        this.store = store;
        this.config = config;
        this.json = json;
        this.runs = runs;
        this.splitter = splitter;
        this.completion = completion;
    }

    /** Fails the run of every record an SQS batch holds; a record that cannot be handled now comes back. */
    public SqsBatchResponse handle(SqsEvent event) {
        List<SqsBatchResponse.ItemFailure> failures = new ArrayList<>();
        for (SqsEvent.Message message : event.records() == null ? List.<SqsEvent.Message>of() : event.records()) {
            try {
                handle(message);
            } catch (RuntimeException e) {
                LOG.errorf("recording failed split %s failed and will be retried: %s", message.messageId(), e.toString());
                failures.add(new SqsBatchResponse.ItemFailure(message.messageId()));
            }
        }
        LogContext.clear();
        return new SqsBatchResponse(failures);
    }

    private void handle(SqsEvent.Message message) {
        JsonNode body;
        try {
            body = json.readTree(message.body() == null ? "" : message.body());
        } catch (IOException e) {
            body = null;
        }
        if (body != null && body.has("requestContext")) {
            failedInvocation(convert(body, FailedInvocation.class));
        } else if (body != null && body.has("run_id")) {
            deadChunk(convert(body, ChunkMessage.class));
        } else {
            // nothing names a run: coming back would not change that
            LOG.errorf("message %s is neither a Lambda invocation record nor a chunk message; dropped", message.messageId());
        }
    }

    private void failedInvocation(FailedInvocation record) {
        String reason = record.reason();
        List<S3Event.Record> records = record.requestPayload() == null || record.requestPayload().records() == null
                ? List.of() : record.requestPayload().records();
        for (S3Event.Record created : records) {
            SourceObject source = created.source();
            LogContext.run(source.runId());
            if (!splitter.isNewInput(created.eventName(), source.key())) {
                continue;
            }
            String bucket = config.outputBucket().orElse(source.bucket());
            if (store.exists(bucket, new ChunkKeys(config.split().chunkPrefix(), source.runId()).queued())) {
                LOG.infof("%s: its chunks were queued before the splitter failed; split-chunk finishes run %s or fails it",
                        source.uri(), source.runId());
                continue;
            }
            String startedAt = created.eventTime() == null ? Instant.now().toString() : created.eventTime();
            fail(bucket, new RunKeys(config.outputPrefix(), source.runId()), source, reason, startedAt, null, null,
                    false, false, 1);
        }
    }

    private void deadChunk(ChunkMessage task) {
        LogContext.run(task.runId());
        ChunkKeys keys = new ChunkKeys(config.split().chunkPrefix(), task.runId());
        ChunkPlan plan = store.readJson(task.bucket(), keys.plan(), ChunkPlan.class).orElse(null);
        if (plan == null) {
            LOG.errorf("chunked run %s failed for good, but its plan is gone from s3://%s/%s (expired after"
                    + " split_chunk_retention_days): nothing names its file", task.runId(), task.bucket(), keys.plan());
            return;
        }
        String piece = task.group() != null ? "group " + (task.group() + 1) + " of the reduce of its chunks"
                : String.format("chunk %d of %d (from line %,d)", task.chunk() + 1, plan.chunks().size(),
                        plan.chunks().get(task.chunk()).firstLine());
        String reason = "the split failed for good: " + piece + " failed on every delivery the split-chunks queue makes"
                + " (its maxReceiveCount); the split-chunk function's log for run " + task.runId() + " says why";
        fail(task.bucket(), new RunKeys(config.outputPrefix(), task.runId()), plan.source(), reason, plan.startedAt(),
                plan.mapping(), plan.sync(), plan.fullResync(), plan.dryRun(), plan.chunks().size());
    }

    private void fail(String bucket, RunKeys keys, SourceObject source, String reason, String startedAt, String mapping,
            String sync, boolean fullResync, boolean dryRun, int chunks) {
        if (store.exists(bucket, keys.manifest())) {
            LOG.infof("run %s of %s already has its manifest; completed if it is over", keys.runId(), source.uri());
            completion.completeIfOver(bucket, keys.runId());
            return;
        }
        LOG.errorf("%s: %s", source.uri(), reason);
        runs.record(bucket, keys, new RunManifest(keys.runId(), RunManifest.FAILED, source, mapping, 0,
                List.of(new FileError(0, reason)), Map.of(), null, null, startedAt, Instant.now().toString(), sync,
                fullResync, dryRun, null, chunks, null), GuardSettings.NONE, Optional.empty());
    }

    private <T> T convert(JsonNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName(), e);
        }
    }
}
