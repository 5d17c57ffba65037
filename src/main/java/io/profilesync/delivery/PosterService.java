package io.profilesync.delivery;

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

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.LineRanges;
import io.profilesync.common.Mask;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.delivery.BatchOutcome.FailedUser;
import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.PostResult;
import io.profilesync.vendor.VendorGateway;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    private final ObjectStore store;
    private final SqsClient sqs;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public PosterService(Instance<VendorGateway> gateways, DeliveryGuards guards, DeliveryLedger ledger, ObjectStore store,
            SqsClient sqs, ObjectMapper json, ProfileSyncConfig config) {
        gateways.forEach(gateway -> this.gateways.put(gateway.name(), gateway));
        this.guards = guards;
        this.ledger = ledger;
        this.store = store;
        this.sqs = sqs;
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
            recordFailed(batch, e.status(), Mask.freeText(e.getMessage()), message.receiveCount(), true);
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
                recordFailed(batch, e instanceof DeliveryException delivery ? delivery.status() : 0,
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
            ledger.record(batch, outcome(batch, BatchOutcome.PENDING, result.status(), List.of(), result.taskId(), attempts,
                    call.lastMicros()), true);
            scheduleTaskCheck(batch.followUp(result.taskId(), 0));
            LOG.infof("%s of run %s posted; %s is processing it as task %s", batch.batchName(), batch.runId(),
                    batch.vendor(), result.taskId());
            return;
        }
        recordAnswer(batch, result, attempts, true, call.lastMicros());
    }

    private void checkTask(BatchMessage batch, int attempts) throws Exception {
        VendorGateway gateway = gateway(batch.vendor());
        CallTimer call = new CallTimer();
        @SuppressWarnings("unchecked")
        Optional<PostResult> result = guards.call(batch.vendor(), Optional.class, () -> call.time(() -> gateway.checkTask(batch.taskId())));
        if (result.isPresent()) {
            recordAnswer(batch, result.get(), attempts, false, call.lastMicros());
        } else if (batch.checks() + 1 >= config.poster().maxTaskChecks()) {
            throw new PermanentDeliveryException(batch.vendor() + " task " + batch.taskId() + " did not finish after "
                    + (batch.checks() + 1) + " checks", 202);
        } else {
            scheduleTaskCheck(batch.followUp(batch.taskId(), batch.checks() + 1));
        }
    }

    private void recordAnswer(BatchMessage batch, PostResult result, int attempts, boolean first, long callMicros) {
        List<FailedUser> failures = result.failures().stream()
                .map(failure -> new FailedUser(LineRanges.lineAt(batch.lineRanges(), failure.index()),
                        Mask.freeText(failure.reason())))
                .toList();
        String status = failures.isEmpty() ? BatchOutcome.DELIVERED
                : failures.size() >= batch.items() ? BatchOutcome.FAILED : BatchOutcome.PARTIAL;
        ledger.record(batch, outcome(batch, status, result.status(), failures, batch.taskId(), attempts, callMicros), first);
        LOG.infof("%s of run %s: %d delivered, %d failed (HTTP %d)", batch.batchName(), batch.runId(),
                batch.items() - failures.size(), failures.size(), result.status());
    }

    private void recordFailed(BatchMessage batch, int status, String reason, int attempts, boolean first) {
        List<FailedUser> failures = new ArrayList<>(batch.items());
        for (int index = 0; index < batch.items(); index++) {
            failures.add(new FailedUser(LineRanges.lineAt(batch.lineRanges(), index), reason));
        }
        ledger.record(batch, outcome(batch, BatchOutcome.FAILED, status, failures, batch.taskId(), attempts, 0), first);
        LOG.errorf("%s of run %s failed for all %d users: %s", batch.batchName(), batch.runId(), batch.items(), reason);
    }

    private BatchOutcome outcome(BatchMessage batch, String status, int httpStatus, List<FailedUser> failures,
            String taskId, int attempts, long callMicros) {
        int failed = failures.size();
        return new BatchOutcome(batch.runId(), batch.vendor(), batch.stream(), batch.batch(), status, batch.items(),
                BatchOutcome.PENDING.equals(status) ? 0 : batch.items() - failed, failed, failures, httpStatus, taskId,
                attempts, callMicros, batch.source(), batch.key(), Instant.now().toString());
    }

    /** Checks the vendor's task later, with a delayed message on the vendor's queue. */
    private void scheduleTaskCheck(BatchMessage followUp) throws IOException {
        sendLater(followUp, config.poster().taskCheckDelay());
    }

    /**
     * Puts the batch back on its queue as a new message, delayed until the rate limit has a permit, and lets the
     * current one be deleted: a fresh message starts its deliveries from zero. Answers whether it worked.
     */
    private boolean defer(BatchMessage batch, Duration wait) {
        try {
            sendLater(batch, wait);
            LOG.infof("%s of run %s deferred by %d s: %s rate limit", batch.batchName(), batch.runId(),
                    Math.max(1, wait.toSeconds()), batch.vendor());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s of run %s could not be deferred (%s); it comes back with the queue's visibility timeout",
                    batch.batchName(), batch.runId(), e.toString());
            return false;
        }
    }

    private void sendLater(BatchMessage message, Duration delay) throws IOException {
        String queueUrl = Optional.ofNullable(config.vendors().get(message.vendor()))
                .flatMap(ProfileSyncConfig.VendorSettings::queueUrl)
                .orElseThrow(() -> new IllegalStateException("no queue configured for " + message.vendor()));
        int seconds = (int) Math.min(900, Math.max(0, (delay.toMillis() + 999) / 1000));
        String body = json.writeValueAsString(message);
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).delaySeconds(seconds));
    }

    private VendorGateway gateway(String vendor) {
        VendorGateway gateway = gateways.get(vendor);
        if (gateway == null) {
            throw new PermanentDeliveryException("no gateway for vendor '" + vendor + "'", 0);
        }
        return gateway;
    }
}
