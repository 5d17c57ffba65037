package io.profilesync.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.Mask;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.PostResult;
import io.profilesync.vendor.VendorGateway;

/**
 * Delivers the batches an SQS event names, one message at a time, and answers which messages should come
 * back. A batch already recorded as posted is never posted again; a permanent failure is recorded and the
 * message deleted; a retryable one is retried within the invocation's budget, then left to SQS, and on its
 * last delivery recorded as failed before it goes to the dead-letter queue.
 */
@ApplicationScoped
public class PosterService {

    private static final Logger LOG = Logger.getLogger(PosterService.class);

    private final Map<String, VendorGateway> gateways = new HashMap<>();
    private final DeliveryGuards guards;
    private final DeliveryLedger ledger;
    private final DelayedRequeue requeue;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public PosterService(Instance<VendorGateway> gateways, DeliveryGuards guards, DeliveryLedger ledger,
            DelayedRequeue requeue, ObjectStore store, ObjectMapper json, ProfileSyncConfig config) {
        gateways.forEach(gateway -> this.gateways.put(gateway.name(), gateway));
        this.guards = guards;
        this.ledger = ledger;
        this.requeue = requeue;
        this.store = store;
        this.json = json;
        this.config = config;
    }

    public SqsBatchResponse handle(SqsEvent event) {
        List<SqsBatchResponse.ItemFailure> retry = new ArrayList<>();
        Deadline.start(config.poster().timeBudget());
        try {
            for (SqsEvent.Message message : event.records() == null ? List.<SqsEvent.Message>of() : event.records()) {
                if (!deliver(message)) {
                    retry.add(new SqsBatchResponse.ItemFailure(message.messageId()));
                }
            }
        } finally {
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
        try {
            Optional<BatchOutcome> recorded = ledger.find(batch);
            if (recorded.isPresent() && !(recorded.get().isPending() && batch.isFollowUp())) {
                LOG.infof("%s of run %s was already posted (%s); not posting it again", batch.batchName(), batch.runId(),
                        recorded.get().status());
                return true;
            }
            if (batch.isFollowUp()) {
                checkTask(batch, message.receiveCount());
            } else {
                post(batch, message.receiveCount());
            }
            return true;
        } catch (PermanentDeliveryException e) {
            // a follow-up replaces the pending outcome its post recorded; only a first post writes conditionally
            ledger.recordFailed(batch, e.status(), Mask.freeText(e.getMessage()), message.receiveCount(), !batch.isFollowUp());
            return true;
        } catch (RateLimitedException e) {
            return defer(batch, e.retryAfter().orElse(Duration.ofMinutes(1)));
        } catch (Exception e) {
            if (!DeliveryGuards.isRetryable(e)) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            boolean last = message.receiveCount() >= config.poster().maxReceives();
            LOG.warnf("%s of run %s: %s (delivery %d of %d)%s", batch.batchName(), batch.runId(), Mask.freeText(e.getMessage()),
                    message.receiveCount(), config.poster().maxReceives(), last ? "; giving up, the message goes to the DLQ" : "");
            if (last) {
                String reason = batch.isFollowUp()
                        ? "posted, but its task " + batch.taskId() + " could not be checked (the vendor may hold these users): "
                        : "gave up after " + message.receiveCount() + " deliveries: ";
                ledger.recordFailed(batch, e instanceof DeliveryException delivery ? delivery.status() : 0,
                        reason + Mask.freeText(e.getMessage()), message.receiveCount(), !batch.isFollowUp());
            }
            return false;
        }
    }

    private void post(BatchMessage batch, int attempts) throws Exception {
        byte[] body = store.read(batch.bucket(), batch.key()).orElseThrow(() -> new PermanentDeliveryException(
                "the batch body s3://" + batch.bucket() + "/" + batch.key() + " is missing", 0));
        VendorGateway gateway = gateway(batch.vendor());
        CallTimer call = new CallTimer();
        PostResult result = guards.call(batch.vendor(), PostResult.class, () -> call.time(() -> gateway.post(batch, body)));
        if (result.isPending()) {
            ledger.recordPending(batch, result, attempts, call.lastMicros());
            scheduleTaskCheck(batch.followUp(result.taskId(), 0));
            return;
        }
        ledger.recordAnswer(batch, result, attempts, true, call.lastMicros());
    }

    private void checkTask(BatchMessage batch, int attempts) throws Exception {
        VendorGateway gateway = gateway(batch.vendor());
        CallTimer call = new CallTimer();
        @SuppressWarnings("unchecked")
        Optional<PostResult> result = guards.call(batch.vendor(), Optional.class, () -> call.time(() -> gateway.checkTask(batch.taskId())));
        if (result.isPresent()) {
            ledger.recordAnswer(batch, result.get(), attempts, false, call.lastMicros());
        } else if (batch.checks() + 1 >= config.poster().maxTaskChecks()) {
            throw new PermanentDeliveryException(batch.vendor() + " task " + batch.taskId() + " did not finish after "
                    + (batch.checks() + 1) + " checks", 202);
        } else {
            scheduleTaskCheck(batch.followUp(batch.taskId(), batch.checks() + 1));
        }
    }

    /** Checks the vendor's task later, with a delayed message on the vendor's queue. */
    private void scheduleTaskCheck(BatchMessage followUp) throws IOException {
        requeue.later(followUp, config.poster().taskCheckDelay());
    }

    /**
     * Puts the batch back on its queue as a new message, delayed until the rate limit has a permit, and lets the
     * current one be deleted: a fresh message starts its deliveries from zero. Answers whether it worked.
     */
    private boolean defer(BatchMessage batch, Duration wait) {
        try {
            requeue.later(batch, wait);
            LOG.infof("%s of run %s deferred by %d s: %s rate limit", batch.batchName(), batch.runId(),
                    Math.max(1, wait.toSeconds()), batch.vendor());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s of run %s could not be deferred (%s); it comes back with the queue's visibility timeout",
                    batch.batchName(), batch.runId(), e.toString());
            return false;
        }
    }

    private VendorGateway gateway(String vendor) {
        VendorGateway gateway = gateways.get(vendor);
        if (gateway == null) {
            throw new PermanentDeliveryException("no gateway for vendor '" + vendor + "'", 0);
        }
        return gateway;
    }
}
