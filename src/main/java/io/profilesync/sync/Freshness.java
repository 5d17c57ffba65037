package io.profilesync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.splitting.DestinationState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder.Registration;

/**
 * The poster's side of "the newest value wins" (docs/sync.md): before a batch is posted, which of its users a newer run of
 * the sync holds (they are stale: not posted), and whether the post must wait.
 * <p>
 * The protocol, per sync and destination, costs no ordering of the queue: a post first records itself as in progress
 * ({@code state/<sync>/<destination>/posting/<order>~<batch>@<lease end>}), then reads the sync's {@link RunOrder}. Its
 * users that a newer, split run holds are stale; while a newer run is still splitting (what it holds is not known
 * yet) the post waits. It then waits while a post of an older run is in progress, so a newer value is never
 * overtaken by an older one already on its way. Either the older post recorded itself before the newer one looked
 * (the newer waits for it), or after: then the newer run had registered before its batches were queued, and the
 * older post sees it and leaves its users out. A post never waits while it is recorded as in progress, so no two
 * posts wait for each other. A newer run a guard holds makes nothing stale until it is released: a guarded run is
 * marked split in the order only once its manifest says whether it is held, and a release marks the manifest before
 * it queues a batch, so every post either sees the run held and goes first, or is waited for by the released run's.
 */
public final class Freshness {

    /** Longest a post waits before it looks again (a deferred batch is a new, delayed message: no delivery is used). */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final ObjectStore store;
    private final String bucket;
    private final String statePrefix;
    private final String outputPrefix;

    public Freshness(ObjectStore store, String bucket, String statePrefix, String outputPrefix) {
        this.store = store;
        this.bucket = bucket;
        this.statePrefix = statePrefix;
        this.outputPrefix = outputPrefix;
    }

    /** What a post may do now. */
    public sealed interface Check {
    }

    /**
     * Post the users that are not stale; {@link #end} once the answer is recorded.
     *
     * @param stale the batch's items (by index) a newer run holds
     * @param newer the newest run that made any of them stale, for the record
     */
    public record Go(String marker, BitSet stale, Optional<String> newer) implements Check {
    }

    /** Not now: look again after {@code after}. */
    public record Wait(Duration after, String why) implements Check {
    }

    /**
     * Begins the post of a batch of a registered run.
     *
     * @param order the run's place in the sync ({@link RunOrder})
     * @param batch the batch's name within the run and destination ({@code users-000003.1})
     * @param users the batch's items' key hashes, in item order (0 for none)
     * @param until when this post's claim ends: a post that dies is waited for no longer
     */
    public Check begin(String sync, String order, String destination, String stream, String batch, long[] users, Instant until) {
        StateKeys keys = new StateKeys(statePrefix, sync, destination);
        String marker = keys.posting(order, batch) + "@" + until.toEpochMilli();
        store.put(bucket, marker, new byte[0], ObjectStore.OCTET_STREAM);
        try {
            return check(sync, order, stream, users, keys, marker);
        } catch (RuntimeException e) {
            store.delete(bucket, marker);
            throw e;
        }
    }

    private Check check(String sync, String order, String stream, long[] users, StateKeys keys, String marker) {
        String destination = keys.destination();
        Instant now = Instant.now();
        List<Registration> runs = new RunOrder(store, bucket, statePrefix).runs(sync);
        BitSet stale = new BitSet(users.length);
        Optional<String> newest = Optional.empty();
        if (runs.stream().noneMatch(run -> run.order().equals(order))) {
            stale.set(0, users.length);
            newest = Optional.of("none: the sync no longer remembers this run (older than its retention)");
        }
        for (Registration run : runs) {
            if (!run.isNewerThan(order) || !run.isAlive(now) || run.split() && neverPosts(run)) {
                continue;
            }
            if (!run.split()) {
                store.delete(bucket, marker);
                return new Wait(shortest(Duration.between(now, run.leaseUntil())), "newer run " + run.runId()
                        + " of sync " + sync + " is still splitting: what it holds is not known yet");
            }
            BitSet held = held(keys, new RunKeys(outputPrefix, run.runId()), stream, users);
            if (!held.isEmpty()) {
                stale.or(held);
                newest = Optional.of(run.runId());
            }
        }
        for (String key : store.list(bucket, keys.postingPrefix())) {
            String name = key.substring(keys.postingPrefix().length());
            Instant leaseEnd = Instant.ofEpochMilli(Long.parseLong(name.substring(name.lastIndexOf('@') + 1)));
            if (name.substring(0, name.indexOf('~')).compareTo(order) < 0 && leaseEnd.isAfter(now)) {
                store.delete(bucket, marker);
                return new Wait(shortest(Duration.between(now, leaseEnd)), "a batch of an older run of sync " + sync
                        + " is being posted to " + destination + " (" + name.substring(name.indexOf('~') + 1, name.lastIndexOf('@'))
                        + "): this newer batch goes after it");
            }
        }
        return new Go(marker, stale, newest);
    }

    /**
     * Whether a run a guard held is still held, or was superseded (docs/sync.md, "Guards"): it may never post, or never
     * will, so it makes no older run's users stale (a superseded run also leaves the order, but only once its newer run
     * has reported it). Released, its own batches wait for the older posts in progress, as any newer run's.
     */
    private boolean neverPosts(Registration run) {
        return store.readJson(bucket, new RunKeys(outputPrefix, run.runId()).manifest(), JsonNode.class)
                .map(manifest -> manifest.path("status").asText()).filter(status -> RunManifest.HELD.equals(status)
                        || RunManifest.SUPERSEDED.equals(status)).isPresent();
    }

    /** The post is recorded (or given up): newer runs' posts no longer wait for it. */
    public void end(Go go) {
        store.delete(bucket, go.marker());
    }

    /**
     * The destination took the batch as a task it works on after answering: newer posts keep waiting for it until
     * {@code until}, or until {@link #taskDone}.
     */
    public void extend(Go go, Instant until) {
        String marker = go.marker().substring(0, go.marker().lastIndexOf('@') + 1) + until.toEpochMilli();
        store.put(bucket, marker, new byte[0], ObjectStore.OCTET_STREAM);
        store.delete(bucket, go.marker());
    }

    /** The destination's task for a batch is over (or will not be checked again): newer posts no longer wait for it. */
    public void taskDone(String sync, String order, String destination, String batch) {
        StateKeys keys = new StateKeys(statePrefix, sync, destination);
        store.list(bucket, keys.posting(order, batch) + "@").forEach(marker -> store.delete(bucket, marker));
    }

    /** Which of these users (key hashes, 0 for none) a run holds a value for in one stream, a partition at a time. */
    private BitSet held(StateKeys keys, RunKeys run, String stream, long[] users) {
        BitSet held = new BitSet(users.length);
        Map<Integer, long[]> partitions = new HashMap<>();
        for (int i = 0; i < users.length; i++) {
            if (users[i] == 0) {
                continue;
            }
            long[] partition = partitions.computeIfAbsent(DestinationState.partition(users[i]), p -> store.read(bucket,
                    keys.holding(run, stream, p)).map(LongPairs::keys).orElse(new long[0]));
            if (Arrays.binarySearch(partition, users[i]) >= 0) {
                held.set(i);
            }
        }
        return held;
    }

    private static Duration shortest(Duration left) {
        Duration second = Duration.ofSeconds(1);
        return left.compareTo(second) < 0 ? second : left.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : left;
    }
}
