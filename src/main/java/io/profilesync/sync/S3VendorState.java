package io.profilesync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.LongTable;
import io.profilesync.run.RunKeys;
import io.profilesync.splitting.VendorState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.ObjectStore.Versioned;
import io.profilesync.sync.StateManifest.UnfoldedRun;

/**
 * One vendor's change detection state for one sync, in S3, seen by one run.
 * <p>
 * The state is, per partition of user keys, the fingerprint of the payload the vendor last took for each user.
 * A run records what it sends ({@code runs/<id>/sent/<vendor>/<stream>/pNN.bin}) and is listed as unfolded; a
 * later run of the sync folds it in once the vendor has answered for all of it (its outcomes name the users
 * taken), or once it is older than the fold timeout, with what was answered by then. Runs fold in the order they
 * were split, so an older run never overwrites a newer one's fingerprints. Only users the vendor took change
 * the state: failed, refused and unconfirmed users keep their old fingerprint and are sent again next time.
 * <p>
 * The manifest is replaced with a conditional write: two runs of one sync at once cannot lose each other's
 * record (the loser re-reads and lists itself again; its fold is left to the next run).
 */
public final class S3VendorState implements VendorState {

    private static final Logger LOG = Logger.getLogger(S3VendorState.class);
    private static final int COMMIT_ATTEMPTS = 3;

    private final ObjectStore store;
    private final ObjectMapper json;
    private final String bucket;
    private final StateKeys keys;
    private final String outputPrefix;
    private final String runId;
    private final boolean dryRun;
    private final Optional<String> etag;
    private final StateManifest manifest;
    private final List<Fold> folds = new ArrayList<>();
    private final List<UnfoldedRun> stillUnfolded = new ArrayList<>();
    private final Map<Integer, String> partitions;
    private final Map<Integer, Integer> users;
    private final Set<Integer> partitionsFolded = new HashSet<>();
    private final List<String> written = new ArrayList<>();
    private boolean sentAny;

    /** An earlier run being folded: its answers, and which of its sent-items objects exist. */
    private record Fold(UnfoldedRun run, RunAnswers answers, Set<String> sentKeys) {
    }

    public S3VendorState(ObjectStore store, ObjectMapper json, String bucket, StateKeys keys, String outputPrefix,
            String runId, boolean dryRun, Duration foldAfter) {
        this.store = store;
        this.json = json;
        this.bucket = bucket;
        this.keys = keys;
        this.outputPrefix = outputPrefix;
        this.runId = runId;
        this.dryRun = dryRun;
        Optional<Versioned> stored = store.readVersioned(bucket, keys.manifest());
        this.etag = stored.map(Versioned::etag);
        this.manifest = stored.map(versioned -> parse(versioned.bytes())).orElse(StateManifest.EMPTY);
        this.partitions = new TreeMap<>(manifest.partitions());
        this.users = new TreeMap<>(manifest.users());
        planFolds(foldAfter);
    }

    /** Folds the unfolded runs, oldest first, up to the first that is neither answered for nor too old to wait for. */
    private void planFolds(Duration foldAfter) {
        boolean blocked = false;
        for (UnfoldedRun run : manifest.unfolded()) {
            RunKeys runKeys = new RunKeys(outputPrefix, run.runId());
            RunAnswers answers = blocked ? null : RunAnswers.read(store, json, bucket, runKeys, keys.vendor());
            boolean overdue = Instant.parse(run.splitAt()).plus(foldAfter).isBefore(Instant.now());
            if (blocked || !answers.complete() && !overdue) {
                blocked = true;
                stillUnfolded.add(run);
                continue;
            }
            if (!answers.complete()) {
                LOG.warnf("run %s of sync %s is not fully answered by %s after %s; its answered users are folded into the "
                        + "state, the others will be sent again", run.runId(), keys.sync(), keys.vendor(), foldAfter);
            }
            folds.add(new Fold(run, answers, new HashSet<>(store.list(bucket, keys.sentPrefix(runKeys)))));
        }
    }

    @Override
    public LongTable delivered(int partition) {
        LongTable table = load(partition);
        if (!folds.isEmpty()) {
            fold(partition, table);
        }
        partitionsFolded.add(partition);
        return table;
    }

    @Override
    public void sending(String stream, int partition, SentItems sent) {
        if (dryRun || sent.size() == 0) {
            return;
        }
        store.put(bucket, keys.sent(new RunKeys(outputPrefix, runId), stream, partition), LongPairs.sent(sent),
                ObjectStore.OCTET_STREAM);
        sentAny = true;
    }

    private LongTable load(int partition) {
        String key = partitions.get(partition);
        if (key == null) {
            return new LongTable();
        }
        return LongPairs.partition(store.read(bucket, key).orElseThrow(() -> new IllegalStateException(
                "state object s3://" + bucket + "/" + key + " is missing; remove " + keys.manifest() + " to start the sync "
                        + "afresh (the next run then sends every user)")));
    }

    /** Applies the folded runs' taken users to one partition, and stores it anew when anything changed. */
    private void fold(int partition, LongTable table) {
        boolean changed = false;
        for (Fold fold : folds) {
            RunKeys runKeys = new RunKeys(outputPrefix, fold.run().runId());
            for (Map.Entry<String, BitSet> taken : fold.answers().taken().entrySet()) {
                String sentKey = keys.sent(runKeys, taken.getKey(), partition);
                if (!fold.sentKeys().contains(sentKey)) {
                    continue;
                }
                SentItems sent = LongPairs.sent(store.read(bucket, sentKey).orElseThrow());
                for (int i = 0; i < sent.size(); i++) {
                    if (taken.getValue().get(Math.toIntExact(sent.lines()[i]))) {
                        table.put(sent.keys()[i], sent.fingerprints()[i]);
                        changed = true;
                    }
                }
            }
        }
        if (changed && !dryRun) {
            String key = keys.partition(partition, runId);
            store.put(bucket, key, LongPairs.partition(table), ObjectStore.OCTET_STREAM);
            written.add(key);
            partitions.put(partition, key);
            users.put(partition, table.size());
        }
    }

    /**
     * Folds what this run did not touch, and records the new state: the folded runs leave the unfolded list and this
     * run joins it if it sent anything. Does nothing in a dry run.
     */
    public void commit() {
        if (dryRun) {
            return;
        }
        if (!folds.isEmpty()) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                if (!partitionsFolded.contains(partition)) {
                    delivered(partition);
                }
            }
        }
        List<UnfoldedRun> unfolded = new ArrayList<>(stillUnfolded);
        UnfoldedRun self = new UnfoldedRun(runId, Instant.now().toString());
        if (sentAny) {
            unfolded.add(self);
        }
        StateManifest next = new StateManifest(partitions, users, unfolded, Instant.now().toString());
        if (write(next, etag)) {
            manifest.partitions().forEach((partition, key) -> {
                if (!key.equals(partitions.get(partition))) {
                    store.delete(bucket, key);
                }
            });
            return;
        }
        written.forEach(key -> store.delete(bucket, key));
        for (int attempt = 1; attempt < COMMIT_ATTEMPTS && sentAny; attempt++) {
            LOG.infof("state of sync %s for %s was changed by a concurrent run; listing run %s again", keys.sync(),
                    keys.vendor(), runId);
            Optional<Versioned> current = store.readVersioned(bucket, keys.manifest());
            StateManifest fresh = current.map(versioned -> parse(versioned.bytes())).orElse(StateManifest.EMPTY);
            List<UnfoldedRun> runs = new ArrayList<>(fresh.unfolded());
            runs.add(self);
            if (write(new StateManifest(fresh.partitions(), fresh.users(), runs, Instant.now().toString()),
                    current.map(Versioned::etag))) {
                return;
            }
        }
        if (sentAny) {
            LOG.warnf("state of sync %s for %s: run %s could not be recorded after %d attempts; its users will be sent "
                    + "again by the next run", keys.sync(), keys.vendor(), runId, COMMIT_ATTEMPTS);
        }
    }

    private boolean write(StateManifest next, Optional<String> expected) {
        return expected.isPresent() ? store.putJsonIfMatch(bucket, keys.manifest(), next, expected.get())
                : store.putJsonIfAbsent(bucket, keys.manifest(), next);
    }

    private StateManifest parse(byte[] bytes) {
        try {
            return json.readValue(bytes, StateManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable state s3://" + bucket + "/" + keys.manifest(), e);
        }
    }
}
