package io.profilesync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.profilesync.storage.ObjectStore;

/**
 * The order of a sync's runs, kept in the working bucket as one empty object per run under
 * {@code <state prefix><sync>/run-order/}, whose name says everything, so that one LIST reads the whole order,
 * oldest run first.
 * <p>
 * A run's place is its file's: the time S3 says the object was created (the event's {@code eventTime}), then the
 * time the run was registered, then its id. A file dropped later is a newer run even when an older file's split
 * is retried after it. A run registers before it reads its file ({@code splitting}, with a lease) and is marked
 * {@code split} once every user it holds is recorded ({@code runs/<run>/holding/...}) and its batches are queued;
 * a run whose split fails, or a dry run, withdraws. See docs/sync.md, "The newest value wins".
 */
public final class RunOrder {

    private static final String SPLITTING = "splitting";
    private static final String SPLIT = "split";

    private final ObjectStore store;
    private final String bucket;
    private final String statePrefix;

    public RunOrder(ObjectStore store, String bucket, String statePrefix) {
        this.store = store;
        this.bucket = bucket;
        this.statePrefix = statePrefix;
    }

    /**
     * One run's place in its sync's order.
     *
     * @param sync the sync
     * @param order the run's place: sorts as the runs are ordered ({@code <file ms>-<registered ms>-<run id>})
     * @param split whether its split is done: every user it holds is recorded
     * @param leaseUntil while splitting, until when the split counts as alive
     */
    public record Registration(String sync, String order, boolean split, Instant leaseUntil) {

        public String runId() {
            return order.substring(order.lastIndexOf('-') + 1);
        }

        Instant registeredAt() {
            return Instant.ofEpochMilli(Long.parseLong(order.substring(14, 27)));
        }

        /** A split that has not renewed its lease in time is taken for dead (its retry registers it again). */
        public boolean isAlive(Instant now) {
            return split || leaseUntil.isAfter(now);
        }

        /** Whether this run comes after the run at {@code other} in the sync. */
        public boolean isNewerThan(String other) {
            return order.compareTo(other) > 0;
        }
    }

    /**
     * Registers a run before it reads its file, or renews its lease when it registered before (a retried or chunked
     * split). Forgets on the way the runs registered longer ago than the retention, and the splits that died as long ago.
     *
     * @param fileTime when S3 created the file, when the event says
     */
    public Registration register(String sync, String runId, Optional<Instant> fileTime, Duration lease, Duration retention) {
        Instant now = Instant.now();
        List<Registration> runs = runs(sync);
        Optional<Registration> known = runs.stream().filter(run -> run.runId().equals(runId)).findFirst();
        if (known.isPresent() && known.get().split()) {
            return known.get();
        }
        Registration registration = new Registration(sync, known.map(Registration::order).orElseGet(() -> String.format(
                "%013d-%013d-%s", fileTime.orElse(now).toEpochMilli(), now.toEpochMilli(), runId)), false, now.plus(lease));
        store.put(bucket, key(registration), new byte[0], ObjectStore.OCTET_STREAM);
        known.filter(earlier -> !key(earlier).equals(key(registration))).ifPresent(earlier -> store.delete(bucket, key(earlier)));
        runs.stream().filter(run -> (run.split() ? run.registeredAt() : run.leaseUntil()).plus(retention).isBefore(now))
                .forEach(run -> store.delete(bucket, key(run)));
        return registration;
    }

    /**
     * The run's split is done: its held users are recorded and its batches queued. A registration already split (a
     * retried split finds its run split) is left as it is: its key is the one the split would write.
     */
    public void split(Registration registration) {
        if (registration.split()) {
            return;
        }
        store.put(bucket, key(new Registration(registration.sync(), registration.order(), true, null)), new byte[0],
                ObjectStore.OCTET_STREAM);
        store.delete(bucket, key(registration));
    }

    /** The run will hold no user at any destination (its split failed, or it was a dry run). */
    public void withdraw(Registration registration) {
        store.delete(bucket, key(registration));
    }

    /** The sync's registered runs, oldest first; a run seen both splitting and split (mid-change) is split. */
    public List<Registration> runs(String sync) {
        Map<String, Registration> runs = new LinkedHashMap<>();
        String prefix = prefix(sync);
        for (String key : store.list(bucket, prefix)) {
            String[] name = key.substring(prefix.length()).split("@");
            Registration run = new Registration(sync, name[0], SPLIT.equals(name[1]),
                    name.length > 2 ? Instant.ofEpochMilli(Long.parseLong(name[2])) : null);
            runs.merge(run.order(), run, (a, b) -> a.split() ? a : b.split() ? b
                    : a.leaseUntil().isAfter(b.leaseUntil()) ? a : b);
        }
        return new ArrayList<>(runs.values());
    }

    private String prefix(String sync) {
        return statePrefix + sync + "/run-order/";
    }

    private String key(Registration run) {
        return prefix(run.sync()) + run.order() + "@" + (run.split() ? SPLIT : SPLITTING + "@" + run.leaseUntil().toEpochMilli());
    }
}
