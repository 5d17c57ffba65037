package io.profilesync.poster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.Mask;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.BatchMessage;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.PermanentDeliveryException;
import io.profilesync.vendor.RetryableDeliveryException;

/**
 * Split retries: a batch of two items or more that its vendor refuses as a whole (400, 413) is cut in halves,
 * stored next to it ({@code users-000003.1.json}, {@code users-000003.2.json}) and queued as two messages of
 * its own, each posted, claimed and recorded like any batch. A half refused as a whole is split again when it
 * comes off the queue, so the recursion goes one level per delivery, within the invocation's deadline and the
 * vendor's rate limit, until the refused users are alone in their parts and failed with the vendor's reason;
 * the others are delivered. Only vendors that declare where a request's items are
 * ({@link io.profilesync.vendor.VendorGateway#items}) are split.
 */
@ApplicationScoped
public class SplitRetries {

    private static final Logger LOG = Logger.getLogger(SplitRetries.class);

    private final ObjectStore store;
    private final DelayedRequeue requeue;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public SplitRetries(ObjectStore store, DelayedRequeue requeue, ObjectMapper json, ProfileSyncConfig config) {
        this.store = store;
        this.requeue = requeue;
        this.json = json;
        this.config = config;
    }

    /** Whether the vendor refused the request as a whole, in a way that splitting it may get past. */
    public static boolean refusedAsAWhole(Exception failure) {
        return failure instanceof PermanentDeliveryException refused && (refused.status() == 400 || refused.status() == 413);
    }

    /**
     * Stores and queues the two halves of a batch its vendor refused as a whole, and answers their messages; empty
     * when the batch cannot be split (one item, no items declared for its stream, a body that does not hold them
     * where declared), which leaves it failed as a whole.
     *
     * @throws RetryableDeliveryException when the halves could not be stored or queued: the message comes back
     *         and is split again
     */
    public Optional<List<BatchMessage>> split(BatchMessage batch, byte[] body, Optional<JsonPointer> items) {
        if (batch.items() < 2 || items.isEmpty()) {
            return Optional.empty();
        }
        BatchHalves.Halves halves;
        try {
            halves = BatchHalves.halve(json, body, items.get());
        } catch (IllegalArgumentException e) {
            LOG.warnf("%s of run %s cannot be split: %s", batch.batchName(), batch.runId(), e.getMessage());
            return Optional.empty();
        }
        if (halves.firstItems() + halves.secondItems() != batch.items()) {
            LOG.warnf("%s of run %s cannot be split: its message counts %d items, its body %d", batch.batchName(),
                    batch.runId(), batch.items(), halves.firstItems() + halves.secondItems());
            return Optional.empty();
        }
        BatchMessage first = half(batch, 1, 0, halves.firstItems());
        BatchMessage second = half(batch, 2, halves.firstItems(), batch.items());
        try {
            store.put(batch.bucket(), first.key(), halves.first(), ObjectStore.JSON);
            store.put(batch.bucket(), second.key(), halves.second(), ObjectStore.JSON);
            requeue.later(first, Duration.ZERO);
            requeue.later(second, Duration.ZERO);
        } catch (Exception e) {
            throw new RetryableDeliveryException("could not split " + batch.batchName() + " (refused as a whole): "
                    + Mask.freeText(e.toString()), 0, e);
        }
        return Optional.of(List.of(first, second));
    }

    private BatchMessage half(BatchMessage batch, int half, int from, int to) {
        String key = new RunKeys(config.outputPrefix(), batch.runId()).batchPart(batch.vendor(), batch.stream(), batch.batch(),
                batch.halfPart(half));
        long[] lines = BatchHalves.lines(batch.lineRanges(), from, to);
        return batch.half(half, key, BatchHalves.first(lines, batch.firstLine()), BatchHalves.last(lines, batch.lastLine()),
                from, to, BatchHalves.ranges(lines));
    }
}
