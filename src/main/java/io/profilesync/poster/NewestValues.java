package io.profilesync.poster;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.KeyHashes;
import io.profilesync.batching.LineRanges;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.poster.DeliveryLedger.Stale;
import io.profilesync.batching.OutboundItem;
import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.Freshness;

/**
 * Leaves out of a batch the users a newer run of its sync holds, so an older value never reaches a destination after a
 * newer one (docs/sync.md, "The newest value wins"; the protocol is {@link Freshness}'s). A batch queued outside any
 * sync's order (a replay of a run outside any sync, or queued before batches carried their keys) is posted as it is.
 */
@ApplicationScoped
public class NewestValues {

    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public NewestValues(ObjectStore store, ObjectMapper json, ProfileSyncConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    /**
     * What to post of a batch: the batch and body without its stale users.
     *
     * @param go the post in progress, ended by {@link #end}; empty for a batch outside any sync's order
     */
    public record Fresh(BatchMessage batch, byte[] body, Stale stale, Optional<Freshness.Go> go) {

        /** Every user is stale: nothing to post. */
        public boolean nothingToPost() {
            return batch.items() == 0;
        }
    }

    /** The post must wait: a newer run is still splitting, or an older run's post is in progress. */
    public static final class WaitException extends Exception {
        private final Duration after;

        WaitException(Freshness.Wait wait) {
            super(wait.why());
            this.after = wait.after();
        }

        public Duration after() {
            return after;
        }
    }

    /**
     * Begins the post of {@code whole}, stored as {@code body}, whose items are at {@code items}.
     *
     * @param until when the post's claim ends
     */
    public Fresh begin(BatchMessage whole, byte[] body, Optional<JsonPointer> items, Instant until) throws WaitException {
        if (!whole.isOrdered()) {
            return new Fresh(whole, body, Stale.NONE, Optional.empty());
        }
        long[] keys = whole.keys().toArray();
        // a deletion is of users: the users a newer run holds (upserted or deleted) make it stale
        Freshness.Check check = freshness(whole).begin(whole.sync(), whole.order(), whole.destination(),
                OutboundItem.userStream(whole.stream()), whole.nameInRun(), keys, until);
        if (check instanceof Freshness.Wait wait) {
            throw new WaitException(wait);
        }
        Freshness.Go go = (Freshness.Go) check;
        BitSet stale = go.stale();
        if (stale.isEmpty()) {
            return new Fresh(whole, body, Stale.NONE, Optional.of(go));
        }
        long[] allLines = BatchHalves.lines(whole.lineRanges(), 0, whole.items());
        long[] staleLines = stale.stream().mapToLong(index -> allLines.length == 0 ? 0 : allLines[index]).toArray();
        Stale left = new Stale(stale.cardinality(), LineRanges.of(staleLines), go.newer().orElse(null),
                KeyHashes.of(stale.stream().mapToLong(index -> keys[index]).toArray()));
        int kept = whole.items() - stale.cardinality();
        long[] keptLines = new long[allLines.length == 0 ? 0 : kept];
        long[] keptKeys = new long[kept];
        for (int index = 0, k = 0; index < whole.items(); index++) {
            if (!stale.get(index)) {
                if (keptLines.length > 0) {
                    keptLines[k] = allLines[index];
                }
                keptKeys[k++] = keys[index];
            }
        }
        BatchMessage batch = whole.only(kept, BatchHalves.first(keptLines, whole.firstLine()),
                BatchHalves.last(keptLines, whole.lastLine()), BatchHalves.ranges(keptLines), KeyHashes.of(keptKeys));
        if (kept == 0) {
            return new Fresh(batch, new byte[0], left, Optional.of(go));
        }
        JsonPointer at = items.orElseThrow(() -> new IllegalStateException(whole.destination() + " declares no items array in "
                + whole.stream() + " requests: the users a newer run holds cannot be left out of " + whole.batchName()));
        return new Fresh(batch, BatchHalves.without(json, body, at, whole.items(), stale), left, Optional.of(go));
    }

    /** The post is over (recorded, or given up): newer runs' posts no longer wait for it. */
    public void end(Fresh fresh) {
        fresh.go().ifPresent(go -> freshness(fresh.batch()).end(go));
    }

    /**
     * The destination took the batch as a task it imports after answering (Xtremepush's 202): whether it imports a newer
     * request before an older one's task is done is not documented, so newer posts wait until the task is checked
     * done ({@link #taskDone}), or at most {@code upTo}.
     */
    public void awaitTask(Fresh fresh, Duration upTo) {
        fresh.go().ifPresent(go -> freshness(fresh.batch()).extend(go, Instant.now().plus(upTo)));
    }

    /** The batch's destination task is over, or will not be checked again. */
    public void taskDone(BatchMessage followUp) {
        if (followUp.isOrdered()) {
            freshness(followUp).taskDone(followUp.sync(), followUp.order(), followUp.destination(), followUp.nameInRun());
        }
    }

    private Freshness freshness(BatchMessage batch) {
        return new Freshness(store, batch.bucket(), config.sync().statePrefix(), config.outputPrefix());
    }
}
