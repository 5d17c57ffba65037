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
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.profilesync.destination.DeliveryException;
import io.profilesync.destination.PermanentDeliveryException;
import io.profilesync.destination.RetryableDeliveryException;

/**
 * Split retries: a batch of two items or more that its destination refuses as a whole (400, 413) is cut in halves,
 * stored next to it ({@code users-000003.1.json}, {@code users-000003.2.json}) and queued as two messages of
 * its own, each posted, claimed and recorded like any batch. A half refused as a whole is split again when it
 * comes off the queue, so the recursion goes one level per delivery, within the invocation's deadline and the
 * destination's rate limit, until the refused users are alone in their parts and failed with the destination's reason;
 * the others are delivered. Only destinations that declare where a request's items are
 * ({@link io.profilesync.destination.DestinationGateway#items}) are split.
 * <p>
 * Halving goes on only while it can help. The answer a batch or part was refused with is kept
 * ({@code refusals/<destination>/users-000003.1.json}); when both halves of a split are refused with the very answer
 * their parent was, the refusal is the request's, not one user's (a destination that refuses every request alike), and
 * both halves stop: their users are failed with the destination's reason. A destination that refuses everything the same
 * way so costs three requests per batch, whatever its size. A half refused alike whose sibling has no answer
 * yet waits for it (its message comes back shortly; it is not posted again); on its last delivery it splits.
 * A configuration problem never gets here: the destination's reading of its answers holds it like refused
 * credentials (an unknown Insider partner name, for one).
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

    /** What a batch refused as a whole comes to. */
    public enum Next {
        /** Cut it in halves: halving may isolate the users the destination refuses. */
        SPLIT,
        /** Its sibling was refused with the same answer as their parent: halving cannot help; fail its users. */
        STOP,
        /** Refused as its parent was, its sibling not answered yet: come back once it is, without posting again. */
        WAIT
    }

    /**
     * The answer a destination refused a batch with as a whole, as kept while it is split.
     *
     * @param status the HTTP status
     * @param answer the destination's refusal, masked as it is logged
     */
    @RegisterForReflection
    public record Refused(int status, String answer) {
    }

    /** Whether the destination refused the request as a whole, in a way that splitting it may get past. */
    public static boolean refusedAsAWhole(Exception failure) {
        return failure instanceof PermanentDeliveryException refused && (refused.status() == 400 || refused.status() == 413);
    }

    /**
     * Stores and queues the two halves of a batch its destination refused as a whole, and answers their messages; empty
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

    /**
     * Keeps the answer {@code refusal} and tells what the batch comes to ({@link Next#SPLIT} for one item: it
     * cannot be halved, and {@link #split} leaves it failed as a whole): {@link Next#STOP} when it and its
     * sibling were both refused with the answer their parent was; {@link Next#WAIT} when it was and its sibling
     * has no answer yet, unless this is its last delivery; else {@link Next#SPLIT}.
     */
    public Next next(BatchMessage batch, DeliveryException refusal, boolean lastDelivery) {
        if (batch.items() < 2) {
            return Next.SPLIT;
        }
        Refused refused;
        if (refusal instanceof KeptRefusal kept) {
            refused = kept.refused;
        } else {
            refused = new Refused(refusal.status(), Mask.freeText(refusal.getMessage()));
            store.putJson(batch.bucket(), refusalKey(batch, batch.part()), refused);
        }
        if (batch.part() == null) {
            return Next.SPLIT;
        }
        Optional<Refused> parent = refused(batch, parentPart(batch.part()));
        if (parent.isEmpty() || !parent.get().equals(refused)) {
            return Next.SPLIT;
        }
        String sibling = siblingPart(batch.part());
        Optional<Refused> siblingRefused = refused(batch, sibling);
        if (siblingRefused.isPresent()) {
            return siblingRefused.get().equals(refused) ? Next.STOP : Next.SPLIT;
        }
        boolean siblingAnswered = store.exists(batch.bucket(), new RunKeys(config.outputPrefix(), batch.runId())
                .outcome(batch.destination(), batch.stream(), batch.batch(), sibling));
        return siblingAnswered || lastDelivery ? Next.SPLIT : Next.WAIT;
    }

    /**
     * The answer this part was refused with already, when an earlier delivery kept it and waited for its
     * sibling: it is not posted again. (A whole batch is never looked up: it costs a read per post.)
     */
    public Optional<PermanentDeliveryException> earlierRefusal(BatchMessage batch) {
        if (batch.part() == null || batch.items() < 2) {
            return Optional.empty();
        }
        return refused(batch, batch.part()).map(KeptRefusal::new);
    }

    /** A refusal kept by an earlier delivery, as it was kept (masked already). */
    private static final class KeptRefusal extends PermanentDeliveryException {

        private final transient Refused refused;

        KeptRefusal(Refused refused) {
            super(refused.answer(), refused.status());
            this.refused = refused;
        }
    }

    /** How long a half refused as its parent was waits for its sibling's answer: 1, 2, 4... seconds by delivery. */
    public static Duration siblingWait(int receives) {
        return Duration.ofSeconds(1L << Math.min(6, Math.max(0, receives - 1)));
    }

    private Optional<Refused> refused(BatchMessage batch, String part) {
        return store.readJson(batch.bucket(), refusalKey(batch, part), Refused.class);
    }

    private String refusalKey(BatchMessage batch, String part) {
        return new RunKeys(config.outputPrefix(), batch.runId()).refusal(batch.destination(), batch.stream(), batch.batch(), part);
    }

    /** {@code 2.2.1} -> {@code 2.2}; a half of a whole batch ({@code 1}) has the whole batch (null) as parent. */
    static String parentPart(String part) {
        int dot = part.lastIndexOf('.');
        return dot < 0 ? null : part.substring(0, dot);
    }

    /** {@code 2.2.1} -> {@code 2.2.2}, {@code 1} -> {@code 2}. */
    static String siblingPart(String part) {
        int dot = part.lastIndexOf('.');
        String half = part.substring(dot + 1);
        return part.substring(0, dot + 1) + ("1".equals(half) ? "2" : "1");
    }

    private BatchMessage half(BatchMessage batch, int half, int from, int to) {
        String key = new RunKeys(config.outputPrefix(), batch.runId()).batchPart(batch.destination(), batch.stream(), batch.batch(),
                batch.halfPart(half));
        long[] lines = BatchHalves.lines(batch.lineRanges(), from, to);
        return batch.half(half, key, BatchHalves.first(lines, batch.firstLine()), BatchHalves.last(lines, batch.lastLine()),
                from, to, BatchHalves.ranges(lines));
    }
}
