package io.profilesync.poster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.KeyHashes;
import io.profilesync.batching.LineRanges;
import io.profilesync.common.Mask;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.BatchMessage;
import io.profilesync.run.BatchOutcome;
import io.profilesync.run.BatchOutcome.FailedUser;
import io.profilesync.run.RunCompletion;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.profilesync.destination.PostResult;

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
    private final RunCompletion completion;
    @Inject
    DeliveryMetrics metrics;

    public DeliveryLedger(ObjectStore store, ObjectMapper json, ProfileSyncConfig config, RunCompletion completion) {
        this.store = store;
        this.json = json;
        this.config = config;
        this.completion = completion;
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

    /**
     * Records a batch the destination took as a task still running, or as a file it processes later (submitted: its users
     * unconfirmed meanwhile); checked later.
     */
    public void recordPending(BatchMessage batch, PostResult result, Delivery delivery) {
        String status = result.submitted() ? BatchOutcome.SUBMITTED : BatchOutcome.PENDING;
        record(batch, outcome(batch, status, result.status(), List.of(), result.submitted() ? batch.items() : 0,
                result.taskId(), delivery, false, null), delivery.first());
        LOG.infof("%s of run %s %s; %s is processing it as %s", batch.batchName(), batch.runId(), result.submitted()
                ? "submitted" : "posted", batch.destination(), result.taskId());
    }

    /**
     * Records the destination's answer: delivered, partial or failed with the users it refused and their lines, or
     * unconfirmed when the answer does not say what became of the others.
     */
    public void recordAnswer(BatchMessage batch, PostResult result, Delivery delivery) {
        List<FailedUser> failures = result.failures().stream()
                .map(failure -> new FailedUser(LineRanges.lineAt(batch.lineRanges(), failure.index()),
                        Mask.freeText(failure.reason())))
                .toList();
        int unconfirmed = result.isUnconfirmed() ? batch.items() - failures.size() : 0;
        String status = failures.size() >= batch.items() ? BatchOutcome.FAILED
                : unconfirmed > 0 ? BatchOutcome.UNCONFIRMED
                : failures.isEmpty() ? BatchOutcome.DELIVERED : BatchOutcome.PARTIAL;
        String reason = result.isUnconfirmed() ? Mask.freeText(result.unconfirmed()) : null;
        record(batch, outcome(batch, status, result.status(), failures, unconfirmed, batch.taskId(), delivery, false, reason),
                delivery.first());
        LOG.infof("%s of run %s: %d delivered, %d failed, %d unconfirmed (HTTP %d)%s", batch.batchName(), batch.runId(),
                batch.items() - failures.size() - unconfirmed, failures.size(), unconfirmed, result.status(),
                reason == null ? "" : ": " + reason);
    }

    /** Records every user of the batch as failed, for one reason; a retryable failure is posted again on a redrive. */
    public void recordFailed(BatchMessage batch, int status, String reason, Delivery delivery, boolean retryable) {
        List<FailedUser> failures = new ArrayList<>(batch.items());
        for (int index = 0; index < batch.items(); index++) {
            failures.add(new FailedUser(LineRanges.lineAt(batch.lineRanges(), index), reason));
        }
        record(batch, outcome(batch, BatchOutcome.FAILED, status, failures, 0, batch.taskId(), delivery, retryable, reason),
                delivery.first());
        LOG.errorf("%s of run %s failed for all %d users: %s", batch.batchName(), batch.runId(), batch.items(), reason);
    }

    /** Records a posted batch whose result could not be learnt: its users may be at the destination. */
    public void recordUnconfirmed(BatchMessage batch, int status, String reason, Delivery delivery) {
        record(batch, outcome(batch, BatchOutcome.UNCONFIRMED, status, List.of(), batch.items(), batch.taskId(), delivery,
                false, reason), false);
        LOG.warnf("%s of run %s: %d users unconfirmed: %s", batch.batchName(), batch.runId(), batch.items(), reason);
    }

    /**
     * Records a batch the destination refused as a whole that was split in {@code parts}: settled, never posted again;
     * its users are counted by the parts' outcomes.
     */
    public void recordSplit(BatchMessage batch, int status, String reason, List<BatchMessage> parts, Delivery delivery) {
        String split = reason + "; split into " + String.join(" and ", parts.stream().map(BatchMessage::batchName).toList());
        record(batch, outcome(batch, BatchOutcome.SPLIT, status, List.of(), 0, null, delivery, false, split), delivery.first());
        LOG.infof("%s of run %s was refused as a whole (HTTP %d); split into %d parts of %s users", batch.batchName(),
                batch.runId(), status, parts.size(), String.join(" and ", parts.stream()
                        .map(part -> Integer.toString(part.items())).toList()));
    }

    /** Records a batch none of whose users was posted: a newer run of the sync holds every one of them. */
    public void recordStale(BatchMessage batch, Delivery delivery) {
        record(batch, outcome(batch, BatchOutcome.STALE, 0, List.of(), 0, null, delivery, false, "every user is held by "
                + "newer run " + delivery.stale().newer()), delivery.first());
        LOG.infof("%s of run %s not posted: its %d users are held by newer run %s of the sync", batch.batchName(),
                batch.runId(), delivery.stale().users(), delivery.stale().newer());
    }

    /** Records a batch a configuration error kept from the destination; no user is failed by it. */
    public void recordHeld(BatchMessage batch, String reason, Delivery delivery) {
        record(batch, outcome(batch, BatchOutcome.HELD, 0, List.of(), 0, batch.taskId(), delivery, true, reason), false);
    }

    private BatchOutcome outcome(BatchMessage batch, String status, int httpStatus, List<FailedUser> failures,
            int unconfirmed, String taskId, Delivery delivery, boolean retryable, String reason) {
        int failed = failures.size();
        boolean counted = !BatchOutcome.PENDING.equals(status) && !BatchOutcome.SUBMITTED.equals(status)
                && !BatchOutcome.HELD.equals(status)
                && !BatchOutcome.SPLIT.equals(status) && !BatchOutcome.STALE.equals(status);
        Stale stale = delivery.stale();
        boolean none = BatchOutcome.STALE.equals(status);
        return new BatchOutcome(batch.runId(), batch.destination(), batch.stream(), batch.batch(), status,
                (none ? 0 : batch.items()) + stale.users(), counted ? batch.items() - failed - unconfirmed : 0, failed,
                unconfirmed, delivery.reposted() ? batch.items() : delivery.earlierReposts(), failures, httpStatus, taskId,
                delivery.attempts(), delivery.callMicros(), retryable, reason, batch.source(), batch.key(),
                Instant.now().toString(), none ? new LineRanges("") : batch.lineRanges(), batch.part(), stale.users(),
                stale.users() == 0 ? null : stale.lines(), stale.users() == 0 ? null : stale.newer(), none ? null : batch.keys(),
                stale.users() == 0 ? null : stale.keys());
    }

    /**
     * One delivery of a batch message, as the ledger records it.
     *
     * @param attempts the message's SQS receive count
     * @param first no outcome existed when the delivery began: its record is a conditional first write
     * @param reposted this delivery posted again after a lost answer
     * @param earlierReposts reposted users an earlier outcome of the batch recorded (kept across a task check)
     * @param callMicros the destination call that gave the answer
     * @param stale the batch's users left out because a newer run holds them ({@link Stale#NONE} when none)
     */
    public record Delivery(int attempts, boolean first, boolean reposted, int earlierReposts, long callMicros, Stale stale) {
    }

    /**
     * Users of a batch not posted because a newer run of the sync holds them.
     *
     * @param users how many
     * @param lines their source lines
     * @param newer the newest run that holds any of them
     * @param keys their key hashes, in {@code lines}' order (null when unknown)
     */
    public record Stale(int users, LineRanges lines, String newer, KeyHashes keys) {
        public static final Stale NONE = new Stale(0, new LineRanges(""), null, null);
    }

    /**
     * Records an outcome. The first record for a batch is a conditional write: if another delivery of the same
     * message got there first, both posted, and that is logged as a duplicate post.
     */
    private void record(BatchMessage message, BatchOutcome outcome, boolean first) {
        metrics.recorded(outcome);
        if (!first) {
            store.putJson(message.bucket(), key(message), outcome);
        } else if (!store.putJsonIfAbsent(message.bucket(), key(message), outcome)) {
            LOG.warnf("duplicate post: %s of run %s was recorded by a concurrent delivery of the same message",
                    message.batchName(), message.runId());
        }
        if (isFinal(outcome)) {
            completion.batchDone(message.bucket(), message.runId(), message.destination(), message.stream(), message.batch(),
                    message.part(), !first);
        }
    }

    /** Completes the batch's run if it is over and was not completed (see {@link RunCompletion}). */
    public void completeIfOver(BatchMessage batch) {
        completion.completeIfOver(batch.bucket(), batch.runId());
    }

    /** An outcome nothing will change but a redrive: not a task still running, a held batch or a split one (its parts are). */
    private static boolean isFinal(BatchOutcome outcome) {
        return !outcome.isWaiting() && !BatchOutcome.HELD.equals(outcome.status())
                && !BatchOutcome.SPLIT.equals(outcome.status());
    }

    private String key(BatchMessage message) {
        return new RunKeys(config.outputPrefix(), message.runId()).outcome(message.destination(), message.stream(), message.batch(),
                message.part());
    }
}
