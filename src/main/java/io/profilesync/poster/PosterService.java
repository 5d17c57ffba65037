package io.profilesync.poster;

import io.profilesync.queue.SqsBatchResponse;
import io.profilesync.queue.SqsEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.Mask;
import io.profilesync.config.ConfigurationException;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.credentials.CredentialStore;
import io.profilesync.guard.Deadline;
import io.profilesync.guard.DeliveryGuards;
import io.profilesync.guard.RateLimitedException;
import io.profilesync.logging.LogContext;
import io.profilesync.poster.DeliveryLedger.Delivery;
import io.profilesync.poster.DeliveryLedger.Stale;
import io.profilesync.queue.BatchMessage;
import io.profilesync.run.BatchOutcome;
import io.profilesync.storage.ObjectStore;
import io.profilesync.destination.CredentialsRejectedException;
import io.profilesync.destination.DeliveryException;
import io.profilesync.destination.PermanentDeliveryException;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.RetryableDeliveryException;
import io.profilesync.destination.TaskFailedException;
import io.profilesync.destination.DestinationGateway;

/**
 * Delivers the batches an SQS event names, one message at a time, within one deadline for the invocation,
 * and answers which messages should come back. A batch the destination already took is never posted again; a
 * batch another delivery is posting is left to it ({@link BatchClaims}); a batch of several users refused as a
 * whole (400, 413) is split in halves queued as batches of their own ({@link SplitRetries}); any other permanent
 * refusal is recorded and the message deleted; a retryable failure is retried while time allows, then left to SQS (after a
 * {@code Retry-After} when the destination gave one), and on its last delivery recorded as failed, retryably, before
 * it goes to the dead-letter queue, so that a redrive posts it again. A configuration error (credentials
 * missing or refused) never fails a user: the message goes back, then to the dead-letter queue, and is
 * delivered by a redrive once the configuration is fixed.
 */
@ApplicationScoped
public class PosterService {

    private static final Logger LOG = Logger.getLogger(PosterService.class);

    private final Map<String, DestinationGateway> gateways = new HashMap<>();
    private final DeliveryGuards guards;
    private final DeliveryLedger ledger;
    private final BatchClaims claims;
    private final DelayedRequeue requeue;
    private final SplitRetries splits;
    private final NewestValues newest;
    private final CredentialStore credentials;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;
    @Inject
    DeliveryMetrics metrics;

    public PosterService(Instance<DestinationGateway> gateways, DeliveryGuards guards, DeliveryLedger ledger, BatchClaims claims,
            DelayedRequeue requeue, SplitRetries splits, NewestValues newest, CredentialStore credentials, ObjectStore store,
            ObjectMapper json, ProfileSyncConfig config) {
        gateways.forEach(gateway -> this.gateways.put(gateway.name(), gateway));
        this.guards = guards;
        this.ledger = ledger;
        this.claims = claims;
        this.requeue = requeue;
        this.splits = splits;
        this.newest = newest;
        this.credentials = credentials;
        this.store = store;
        this.json = json;
        this.config = config;
    }

    public SqsBatchResponse handle(SqsEvent event) {
        List<SqsBatchResponse.ItemFailure> retry = new ArrayList<>();
        Deadline.start(config.poster().timeBudget());
        try {
            for (SqsEvent.Message message : event.records() == null ? List.<SqsEvent.Message>of() : event.records()) {
                LogContext.batchMessage(message.body());
                if (!deliver(message)) {
                    retry.add(new SqsBatchResponse.ItemFailure(message.messageId()));
                    metrics.returned(message);
                }
            }
        } finally {
            LogContext.clear();
            Deadline.clear();
        }
        return new SqsBatchResponse(retry);
    }

    /** Answers false when the message should come back to the queue. */
    private boolean deliver(SqsEvent.Message message) {
        BatchMessage batch;
        try {
            batch = json.readValue(message.body(), BatchMessage.class);
        } catch (IOException e) {
            LOG.errorf("message %s is not a batch message (%s); it stays on the queue until it is dead-lettered",
                    message.messageId(), e.getMessage());
            return false;
        }
        int receives = message.receiveCount();
        Optional<BatchOutcome> recorded = Optional.empty();
        PostAttempts attempts = new PostAttempts();
        CallTimer call = new CallTimer();
        try {
            if (outOfTime(batch)) {
                LOG.infof("%s of run %s not reached before this invocation's deadline; back to the queue untouched",
                        batch.batchName(), batch.runId());
                return false;
            }
            recorded = ledger.find(batch);
            if (recorded.isPresent() && recorded.get().isSettled() && !(batch.isFollowUp() && recorded.get().hasTaskToCheck())) {
                LOG.infof("%s of run %s was already posted (%s); not posting it again", batch.batchName(), batch.runId(),
                        recorded.get().status());
                // a delivery that recorded the run's last outcome but could not complete it comes back: complete it now
                ledger.completeIfOver(batch);
                return true;
            }
            if (batch.isFollowUp()) {
                checkTask(batch, receives, recorded, call);
            } else {
                post(batch, receives, recorded, attempts, call);
            }
            return true;
        } catch (TaskFailedException e) {
            ledger.recordFailed(attempts.posted(batch), e.status(), Mask.freeText(e.getMessage()), delivery(receives, recorded, attempts, call), false);
            return true;
        } catch (PermanentDeliveryException e) {
            if (batch.isFollowUp()) {
                ledger.recordUnconfirmed(attempts.posted(batch), e.status(), taskUnknown(batch, e), delivery(receives, recorded, attempts, call));
            } else {
                ledger.recordFailed(attempts.posted(batch), e.status(), Mask.freeText(e.getMessage()), delivery(receives, recorded, attempts, call),
                        false);
            }
            return true;
        } catch (RateLimitedException e) {
            return defer(batch, e.retryAfter().orElse(Duration.ofMinutes(1)), batch.destination() + " rate limit");
        } catch (NewestValues.WaitException e) {
            return defer(batch, e.after(), e.getMessage());
        } catch (BatchInFlightException e) {
            LOG.infof("%s; this delivery comes back in %d s", e.getMessage(), e.leaseLeft().toSeconds());
            returnAfter(batch, message, e.leaseLeft());
            return false;
        } catch (ConfigurationException | CredentialsRejectedException e) {
            boolean last = receives >= config.poster().maxReceives();
            LOG.errorf("configuration error: %s of run %s not delivered: %s (delivery %d of %d)%s", batch.batchName(),
                    batch.runId(), Mask.freeText(e.getMessage()), receives, config.poster().maxReceives(), last
                            ? "; the message goes to the dead-letter queue: redrive it once the configuration is fixed"
                            : "; back to the queue");
            if (last) {
                ledger.recordHeld(attempts.posted(batch), "configuration error: " + Mask.freeText(e.getMessage()),
                        delivery(receives, recorded, attempts, call));
            }
            return false;
        } catch (Exception e) {
            if (!DeliveryGuards.isRetryable(e)) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            retryLater(attempts.posted(batch), message, e, delivery(receives, recorded, attempts, call));
            return false;
        }
    }

    /**
     * Whether a whole attempt no longer fits before the invocation's deadline; a budget that could never fit
     * one is a configuration error.
     */
    private boolean outOfTime(BatchMessage batch) {
        Duration attemptTimeout = guards.attemptTimeout(batch.destination());
        Duration budget = config.poster().timeBudget();
        if (attemptTimeout.compareTo(budget) > 0) {
            throw new ConfigurationException("profile-sync.poster.time-budget (" + budget.toSeconds() + " s) leaves no room for "
                    + "one " + batch.destination() + " attempt (profile-sync.destinations." + batch.destination() + ".attempt-timeout, "
                    + attemptTimeout.toSeconds() + " s): raise the budget or lower the timeout");
        }
        return Deadline.remaining().compareTo(attemptTimeout) < 0;
    }

    private void post(BatchMessage whole, int receives, Optional<BatchOutcome> recorded, PostAttempts attempts,
            CallTimer call) throws Exception {
        byte[] stored = store.read(whole.bucket(), whole.key()).orElseThrow(() -> new PermanentDeliveryException(
                "the batch body s3://" + whole.bucket() + "/" + whole.key() + " is missing", 0));
        DestinationGateway gateway = gateway(whole.destination());
        Duration lease = Deadline.remaining().plus(config.poster().claimMargin());
        attempts.earlierAnswerLost(claims.take(whole, lease).earlierAnswerLost());
        NewestValues.Fresh fresh;
        try {
            fresh = newest.begin(whole, stored, gateway.items(whole.stream()), Instant.now().plus(lease));
        } catch (NewestValues.WaitException | RuntimeException e) {
            claims.release(whole);
            throw e;
        }
        if (fresh.nothingToPost()) {
            try {
                ledger.recordStale(whole, delivery(receives, recorded, attempts, call, fresh.stale()));
            } finally {
                newest.end(fresh);
                claims.release(whole);
            }
            return;
        }
        BatchMessage batch = fresh.batch();
        byte[] body = fresh.body();
        attempts.posting(batch, fresh.stale());
        PostResult result;
        try {
            Optional<PermanentDeliveryException> refusedBefore = splits.earlierRefusal(batch);
            if (refusedBefore.isPresent()) {
                throw refusedBefore.get();
            }
            result = credentials.retryOnceIfRejected(batch.destination(), CredentialsRejectedException.class::isInstance,
                    () -> guards.call(batch.destination(), batch.stream(), PostResult.class,
                            () -> call.time(() -> attempts.attempt(() -> gateway.post(batch, body)))));
        } catch (Exception e) {
            try {
                if (SplitRetries.refusedAsAWhole(e) && settleRefusal(batch, receives, body, gateway, (DeliveryException) e,
                        delivery(receives, recorded, attempts, call, fresh.stale()))) {
                    return;
                }
            } finally {
                newest.end(fresh);
                if (attempts.answerLost()) {
                    claims.answerLost(whole);
                } else {
                    claims.release(whole);
                }
            }
            throw e;
        }
        Delivery delivery = delivery(receives, recorded, attempts, call, fresh.stale());
        if (result.isPending()) {
            newest.awaitTask(fresh, config.poster().taskCheckDelay().multipliedBy(config.poster().maxTaskChecks() + 1L));
            ledger.recordPending(batch, result, delivery);
            requeue.later(batch.followUp(result.taskId(), 0), config.poster().taskCheckDelay());
            return;
        }
        try {
            ledger.recordAnswer(batch, result, delivery);
        } finally {
            newest.end(fresh);
        }
    }

    /**
     * A batch its destination refused as a whole: split, or stopped and failed with the destination's reason, or left to
     * wait for its sibling's answer ({@link SplitRetries#next}). Answers whether it was settled here; done before
     * the claim is let go, so no other delivery posts it meanwhile.
     */
    private boolean settleRefusal(BatchMessage batch, int receives, byte[] body, DestinationGateway gateway,
            DeliveryException refusal, Delivery delivery) {
        switch (splits.next(batch, refusal, receives >= config.poster().maxReceives())) {
            case STOP -> {
                ledger.recordFailed(batch, refusal.status(), Mask.freeText(refusal.getMessage()) + " (both halves of the batch "
                        + "were refused with this same answer: it is the request's, not one user's, so splitting further "
                        + "cannot help)", delivery, false);
                return true;
            }
            case WAIT -> throw new RetryableDeliveryException(batch.batchName() + " was refused as the batch it was cut from "
                    + "was; it waits for the answer to its other half before splitting further: " + Mask.freeText(
                            refusal.getMessage()), refusal.status(), SplitRetries.siblingWait(receives), null);
            default -> {
                Optional<List<BatchMessage>> parts = splits.split(batch, body, gateway.items(batch.stream()));
                if (parts.isPresent()) {
                    ledger.recordSplit(batch, refusal.status(), Mask.freeText(refusal.getMessage()), parts.get(), delivery);
                    return true;
                }
                return false;
            }
        }
    }

    private void checkTask(BatchMessage batch, int receives, Optional<BatchOutcome> recorded, CallTimer call) throws Exception {
        DestinationGateway gateway = gateway(batch.destination());
        @SuppressWarnings("unchecked")
        Optional<PostResult> result = credentials.retryOnceIfRejected(batch.destination(), CredentialsRejectedException.class::isInstance,
                () -> guards.call(batch.destination(), Optional.class, () -> call.time(() -> gateway.checkTask(batch.taskId()))));
        if (result.isPresent()) {
            ledger.recordAnswer(batch, result.get(), delivery(receives, recorded, new PostAttempts(), call));
            newest.taskDone(batch);
        } else if (batch.checks() + 1 >= config.poster().maxTaskChecks()) {
            ledger.recordUnconfirmed(batch, 202, batch.destination() + " task " + batch.taskId() + " did not reach a known finished "
                    + "state after " + (batch.checks() + 1) + " checks (the destination may hold these users)",
                    delivery(receives, recorded, new PostAttempts(), call));
            newest.taskDone(batch);
        } else {
            requeue.later(batch.followUp(batch.taskId(), batch.checks() + 1), config.poster().taskCheckDelay());
        }
    }

    /**
     * A retryable failure: the message comes back (after the destination's {@code Retry-After} when it gave one). On
     * its last delivery a post is recorded failed, retryably, and a task check unconfirmed: the import was taken.
     */
    private void retryLater(BatchMessage batch, SqsEvent.Message message, Exception e, Delivery delivery) {
        int max = config.poster().maxReceives();
        boolean last = message.receiveCount() >= max;
        LOG.warnf("%s of run %s: %s (delivery %d of %d)%s", batch.batchName(), batch.runId(), Mask.freeText(e.getMessage()),
                message.receiveCount(), max, last ? "; giving up, the message goes to the DLQ" : "");
        int status = e instanceof DeliveryException failure ? failure.status() : 0;
        if (last && batch.isFollowUp()) {
            ledger.recordUnconfirmed(batch, status, taskUnknown(batch, e), delivery);
        } else if (last) {
            ledger.recordFailed(batch, status, "gave up after " + message.receiveCount() + " deliveries: "
                    + Mask.freeText(e.getMessage()), delivery, true);
        } else if (e instanceof RetryableDeliveryException retryable && retryable.retryAfter().isPresent()) {
            returnAfter(batch, message, retryable.retryAfter().get());
        }
    }

    private static String taskUnknown(BatchMessage batch, Exception e) {
        return "posted, but its task " + batch.taskId() + " could not be checked (the destination may hold these users): "
                + Mask.freeText(e.getMessage());
    }

    /**
     * A delivery's record: the users it left out are those its post left out, or, when it posted nothing (a task
     * check), those its batch's recorded outcome left out.
     */
    private Delivery delivery(int receives, Optional<BatchOutcome> recorded, PostAttempts attempts, CallTimer call) {
        return delivery(receives, recorded, attempts, call, attempts.stale().orElseGet(() -> recorded
                .filter(outcome -> outcome.stale() > 0)
                .map(outcome -> new Stale(outcome.stale(), outcome.staleLines(), outcome.staleBecause(), outcome.staleKeys())).orElse(Stale.NONE)));
    }

    private Delivery delivery(int receives, Optional<BatchOutcome> recorded, PostAttempts attempts, CallTimer call,
            Stale stale) {
        return new Delivery(receives, recorded.isEmpty(), attempts.reposted(),
                recorded.map(BatchOutcome::repostedUsers).orElse(0), call.lastMicros(), stale);
    }

    private void returnAfter(BatchMessage batch, SqsEvent.Message message, Duration delay) {
        try {
            requeue.returnAfter(batch.destination(), message.receiptHandle(), delay);
        } catch (RuntimeException e) {
            LOG.warnf("%s of run %s: could not delay its return (%s); it comes back with the queue's visibility timeout",
                    batch.batchName(), batch.runId(), e.toString());
        }
    }

    /**
     * Puts the batch back on its queue as a new message, delayed until the rate limit has a permit, and lets the
     * current one be deleted: a fresh message starts its deliveries from zero. Answers whether it worked.
     */
    private boolean defer(BatchMessage batch, Duration wait, String why) {
        try {
            requeue.later(batch, wait);
            LOG.infof("%s of run %s deferred by %d s: %s", batch.batchName(), batch.runId(), Math.max(1, wait.toSeconds()),
                    why);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s of run %s could not be deferred (%s); it comes back with the queue's visibility timeout",
                    batch.batchName(), batch.runId(), e.toString());
            return false;
        }
    }

    private DestinationGateway gateway(String destination) {
        DestinationGateway gateway = gateways.get(destination);
        if (gateway == null) {
            throw new ConfigurationException("no gateway for destination '" + destination + "'");
        }
        return gateway;
    }
}
