package io.profilesync.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.LineRanges;
import io.profilesync.common.Mask;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.delivery.BatchOutcome.FailedUser;
import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.RunKeys;
import io.profilesync.vendor.PostResult;

/**
 * Batch outcomes in S3, next to the batches: the poster's durable memory of what it posted, and what became of
 * every user (failed ones with their source line and reason).
 */
@ApplicationScoped
public class DeliveryLedger {

    private static final Logger LOG = Logger.getLogger(DeliveryLedger.class);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public DeliveryLedger(ObjectStore store, ObjectMapper json, ProfileSyncConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    public Optional<BatchOutcome> find(BatchMessage message) {
        return store.read(message.bucket(), key(message)).map(bytes -> {
            try {
                return json.readValue(bytes, BatchOutcome.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable outcome " + key(message), e);
            }
        });
    }

    /** Records a batch the vendor took as a task still running (checked later). */
    public void recordPending(BatchMessage batch, PostResult result, int attempts, long callMicros) {
        record(batch, outcome(batch, BatchOutcome.PENDING, result.status(), List.of(), result.taskId(), attempts, callMicros), true);
        LOG.infof("%s of run %s posted; %s is processing it as task %s", batch.batchName(), batch.runId(),
                batch.vendor(), result.taskId());
    }

    /** Records the vendor's answer: delivered, or partial/failed with the users it refused and their lines. */
    public void recordAnswer(BatchMessage batch, PostResult result, int attempts, boolean first, long callMicros) {
        List<FailedUser> failures = result.failures().stream()
                .map(failure -> new FailedUser(LineRanges.lineAt(batch.lineRanges(), failure.index()),
                        Mask.freeText(failure.reason())))
                .toList();
        String status = failures.isEmpty() ? BatchOutcome.DELIVERED
                : failures.size() >= batch.items() ? BatchOutcome.FAILED : BatchOutcome.PARTIAL;
        record(batch, outcome(batch, status, result.status(), failures, batch.taskId(), attempts, callMicros), first);
        LOG.infof("%s of run %s: %d delivered, %d failed (HTTP %d)", batch.batchName(), batch.runId(),
                batch.items() - failures.size(), failures.size(), result.status());
    }

    /** Records every user of the batch as failed, for one reason. */
    public void recordFailed(BatchMessage batch, int status, String reason, int attempts, boolean first) {
        List<FailedUser> failures = new ArrayList<>(batch.items());
        for (int index = 0; index < batch.items(); index++) {
            failures.add(new FailedUser(LineRanges.lineAt(batch.lineRanges(), index), reason));
        }
        record(batch, outcome(batch, BatchOutcome.FAILED, status, failures, batch.taskId(), attempts, 0), first);
        LOG.errorf("%s of run %s failed for all %d users: %s", batch.batchName(), batch.runId(), batch.items(), reason);
    }

    private BatchOutcome outcome(BatchMessage batch, String status, int httpStatus, List<FailedUser> failures,
            String taskId, int attempts, long callMicros) {
        int failed = failures.size();
        return new BatchOutcome(batch.runId(), batch.vendor(), batch.stream(), batch.batch(), status, batch.items(),
                BatchOutcome.PENDING.equals(status) ? 0 : batch.items() - failed, failed, failures, httpStatus, taskId,
                attempts, callMicros, batch.source(), batch.key(), Instant.now().toString());
    }

    /**
     * Records an outcome. The first record for a batch is a conditional write: if another delivery of the same
     * message got there first, both posted, and that is logged as a duplicate post.
     */
    private void record(BatchMessage message, BatchOutcome outcome, boolean first) {
        if (!first) {
            store.putJson(message.bucket(), key(message), outcome);
        } else if (!store.putJsonIfAbsent(message.bucket(), key(message), outcome)) {
            LOG.warnf("duplicate post: %s of run %s was recorded by a concurrent delivery of the same message",
                    message.batchName(), message.runId());
        }
    }

    private String key(BatchMessage message) {
        return new RunKeys(config.outputPrefix(), message.runId()).outcome(message.vendor(), message.stream(), message.batch());
    }
}
