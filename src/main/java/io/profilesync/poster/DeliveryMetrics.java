package io.profilesync.poster;

import io.profilesync.queue.SqsEvent;
import jakarta.enterprise.context.ApplicationScoped;

import io.profilesync.batching.OutboundItem;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.logging.LogContext;
import io.profilesync.metrics.MetricLine;
import io.profilesync.metrics.Metrics;
import io.profilesync.run.BatchOutcome;

/**
 * The poster's metrics: what each recorded outcome did to its users (delivered, failed, unconfirmed), how long the
 * destination call that gave it took, and the batches that go to the dead-letter queue. They count events: a batch
 * redriven after it was recorded failed counts again when it is delivered; the run report holds the totals.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final Metrics metrics;
    private final ProfileSyncConfig config;

    public DeliveryMetrics(Metrics metrics, ProfileSyncConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    /** An outcome was recorded; a pending, submitted or held batch has no user counts yet. */
    public void recorded(BatchOutcome outcome) {
        metrics.emit(line(metrics.destination(outcome.destination()), outcome));
    }

    static MetricLine line(MetricLine line, BatchOutcome outcome) {
        if (!outcome.isWaiting() && !BatchOutcome.HELD.equals(outcome.status())) {
            line.count(OutboundItem.DELETES.equals(outcome.stream()) ? Metrics.USERS_DELETED : Metrics.USERS_DELIVERED,
                            outcome.delivered())
                    .count(Metrics.USERS_FAILED, outcome.failed())
                    .count(Metrics.USERS_UNCONFIRMED, outcome.unconfirmed());
        }
        if (outcome.callMicros() > 0) {
            line.milliseconds(Metrics.DESTINATION_CALL_LATENCY, outcome.callMicros() / 1000.0);
        }
        return line;
    }

    /**
     * A message goes back to its queue; on its last delivery ({@code profile-sync.poster.max-receives}, the queue's
     * {@code maxReceiveCount}) SQS moves it to the dead-letter queue. The destination is the message's (its log context).
     */
    public void returned(SqsEvent.Message message) {
        if (message.receiveCount() >= config.poster().maxReceives()) {
            metrics.count(LogContext.get(LogContext.DESTINATION), Metrics.BATCHES_DEAD_LETTERED, 1);
        }
    }
}
