package io.profilesync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.LongTable;
import io.profilesync.credentials.Credentials;
import io.profilesync.run.RunKeys;
import io.profilesync.splitting.StateHashes;
import io.profilesync.splitting.UserDecision;
import io.profilesync.splitting.DestinationState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.ObjectStore.Versioned;
import io.profilesync.sync.StateManifest.UnfoldedRun;

/**
 * One destination's change detection state for one sync, in S3, seen by one run.
 * <p>
 * The state is, per partition of user keys, the fingerprint of the payload the destination last took for each user.
 * A run records what it sends ({@code runs/<id>/sent/<destination>/<stream>/pNN.bin}) and is listed as unfolded; a
 * later run of the sync folds it in once the destination has answered for all of it (its outcomes name the users
 * taken), or once it is older than the fold timeout, with what was answered by then. Runs fold in the order they
 * were split, so an older run never overwrites a newer one's fingerprints. Only users the destination took change
 * the state: failed, refused and unconfirmed users keep their old fingerprint and are sent again next time.
 * <p>
 * The manifest is replaced with a conditional write: two runs of one sync at once cannot lose each other's
 * record (the loser re-reads and lists itself again; its fold is left to the next run).
 * <p>
 * Key hashes and fingerprints are kept keyed ({@link StateHash}) and the key directory sealed. A state written before
 * (its manifest names no hashing), and the sent items of runs recorded before, are read unkeyed and keyed as they are
 * read: the first run that opens such a state stores every partition anew, keyed, and the state then says so.
 */
public final class S3DestinationState implements DestinationState {

    private static final Logger LOG = Logger.getLogger(S3DestinationState.class);
    private static final int COMMIT_ATTEMPTS = 3;

    private final ObjectStore store;
    private final ObjectMapper json;
    private final StateHash hash;
    private final String bucket;
    private final StateKeys keys;
    private final String outputPrefix;
    private final String runId;
    private final boolean dryRun;
    private final Optional<String> etag;
    private final StateManifest manifest;
    /** Whether the stored partitions are unkeyed: this run stores all of them anew, keyed. */
    private final boolean migrating;
    private final List<UnfoldedRun> folding;
    private List<Fold> folds;
    /** Runs whose values may be at the destination without the state knowing: their sent items' keys, read on first use. */
    private final List<String> inFlight;
    private List<InFlight> inFlightSent;
    private final Map<Integer, String> stored = new TreeMap<>();
    private final Map<Integer, Integer> storedUsers = new TreeMap<>();
    private final Set<Integer> partitionsFolded = new HashSet<>();
    private boolean sentAny;
    /** The key directory of the partition folded last, with what the fold added. */
    private Map.Entry<Integer, Map<Long, String>> foldedNames;

    /** A run whose values may be at the destination: how its sent items are keyed, and which of them exist. */
    private record InFlight(String hashing, Set<String> sentKeys) {
    }

    /** An earlier run being folded: its answers, and which of its sent-items objects exist. */
    private record Fold(UnfoldedRun run, RunAnswers answers, Set<String> sentKeys) {
    }

    /** The state as it is now, folding the earlier runs the destination has answered for (or that are too old to wait for). */
    /** @param splitting other runs of the sync still splitting (their values may be queued already) */
    public S3DestinationState(ObjectStore store, ObjectMapper json, StateHash hash, String bucket, StateKeys keys,
            String outputPrefix, String runId, boolean dryRun, Duration foldAfter, List<String> splitting) {
        this(store, json, hash, bucket, keys, outputPrefix, runId, dryRun, store.readVersioned(bucket, keys.manifest()),
                null, splitting);
        this.folds = planFolds(foldAfter);
    }

    private S3DestinationState(ObjectStore store, ObjectMapper json, StateHash hash, String bucket, StateKeys keys,
            String outputPrefix, String runId, boolean dryRun, Optional<Versioned> stored, StateSnapshot snapshot,
            List<String> splitting) {
        this.store = store;
        this.json = json;
        this.hash = hash;
        this.bucket = bucket;
        this.keys = keys;
        this.outputPrefix = outputPrefix;
        this.runId = runId;
        this.dryRun = dryRun;
        this.etag = snapshot != null ? Optional.ofNullable(snapshot.etag()) : stored.map(Versioned::etag);
        this.manifest = snapshot != null ? snapshot.manifest()
                : stored.map(versioned -> parse(versioned.bytes())).orElse(StateManifest.EMPTY);
        this.folding = snapshot != null ? snapshot.folding() : new ArrayList<>();
        this.inFlight = splitting;
        this.migrating = unkeyed(manifest.hashing()) && !manifest.partitions().isEmpty();
        // refused now, before the run cuts any batch, rather than when one of them is folded
        manifest.unfolded().forEach(run -> unkeyed(run.hashing()));
    }

    /**
     * The state as {@link #snapshot} found it: a chunked run's groups of partitions, each finished on its own, start
     * from the same state and fold the same earlier runs, and the run records their changes once ({@link #commit(List)}).
     */
    public static S3DestinationState resume(ObjectStore store, ObjectMapper json, StateHash hash, String bucket,
            StateKeys keys, String outputPrefix, String runId, boolean dryRun, StateSnapshot snapshot,
            List<String> splitting) {
        return new S3DestinationState(store, json, hash, bucket, keys, outputPrefix, runId, dryRun, Optional.empty(), snapshot,
                splitting);
    }

    @Override
    public StateHashes hashes() {
        return hash;
    }

    /**
     * Whether objects recorded under {@code hashing} are unkeyed (written before keyed hashing).
     *
     * @throws StateKeyException when they were keyed with another state key
     */
    private boolean unkeyed(String hashing) {
        if (hashing != null && !hashing.equals(hash.id())) {
            throw new StateKeyException("state s3://" + bucket + "/" + keys.manifest() + " was written with another "
                    + "state key (" + hashing + "; the configured one is " + hash.id() + "): put that key back in the state "
                    + "secret's \"" + StateKeys.HASH_KEY + "\" (PROFILE_SYNC_STATE_SECRET_ID; locally "
                    + Credentials.environmentName(StateKeyStore.NAME, StateKeys.HASH_KEY) + "), or remove s3://" + bucket
                    + "/" + keys.root() + " to start the sync afresh (the next run then sends every user)");
        }
        return hashing == null;
    }

    /** A run's sent items of one stream and partition, keyed. */
    private SentItems sent(String key, String hashing) {
        SentItems sent = LongPairs.sent(store.read(bucket, key).orElse(new byte[0]));
        if (!unkeyed(hashing)) {
            return sent;
        }
        long[] keyHashes = new long[sent.size()];
        long[] fingerprints = new long[sent.size()];
        for (int i = 0; i < sent.size(); i++) {
            keyHashes[i] = hash.key(sent.keys()[i]);
            fingerprints[i] = hash.fingerprint(sent.keys()[i], sent.fingerprints()[i]);
        }
        return new SentItems(sent.lines(), keyHashes, fingerprints);
    }

    /** A key directory object (a run's or the state's), by keyed hash; empty where there is none. */
    private Map<Long, String> names(String key, String hashing) {
        Optional<byte[]> read = store.read(bucket, key);
        if (read.isEmpty()) {
            return new HashMap<>();
        }
        byte[] bytes = read.get();
        if (!unkeyed(hashing)) {
            return KeyNames.decode(hash.open(bytes, "s3://" + bucket + "/" + key));
        }
        Map<Long, String> keyed = new HashMap<>();
        KeyNames.decode(bytes).forEach((keyHash, name) -> keyed.put(hash.key(keyHash), name));
        return keyed;
    }

    /** The manifest this run started from, its version, and the earlier runs it folds. */
    public StateSnapshot snapshot() {
        return new StateSnapshot(manifest, etag.orElse(null), List.copyOf(folding));
    }

    /**
     * Folds the unfolded runs, oldest first, up to the first that is neither answered for nor too old to wait for. A
     * held run waits however old it is (released, it is waited for from its release); a superseded one was never
     * queued, so it leaves the list and folds nothing.
     */
    private List<Fold> planFolds(Duration foldAfter) {
        List<Fold> planned = new ArrayList<>();
        for (UnfoldedRun run : manifest.unfolded()) {
            RunAnswers answers = RunAnswers.read(store, json, bucket, new RunKeys(outputPrefix, run.runId()), keys.destination());
            if (answers.held()) {
                break;
            }
            if (answers.superseded()) {
                planned.add(new Fold(run, answers, Set.of()));
                folding.add(run);
                continue;
            }
            Instant waitingSince = Instant.parse(answers.releasedAt() != null ? answers.releasedAt() : run.splitAt());
            boolean overdue = waitingSince.plus(foldAfter).isBefore(Instant.now());
            if (!answers.complete() && !overdue) {
                break;
            }
            if (!answers.complete()) {
                LOG.warnf("run %s of sync %s is not fully answered by %s after %s; its answered users are folded into the "
                        + "state, the others will be sent again", run.runId(), keys.sync(), keys.destination(), foldAfter);
            }
            planned.add(fold(run, answers));
            folding.add(run);
        }
        return planned;
    }

    private Fold fold(UnfoldedRun run, RunAnswers answers) {
        return new Fold(run, answers, new HashSet<>(store.list(bucket, keys.sentPrefix(new RunKeys(outputPrefix, run.runId())))));
    }

    /** The folds of a resumed state, read on first use: the answers as they are now. */
    private List<Fold> folds() {
        if (folds == null) {
            folds = folding.stream().map(run -> {
                RunAnswers answers = RunAnswers.read(store, json, bucket, new RunKeys(outputPrefix, run.runId()), keys.destination());
                return answers.superseded() ? new Fold(run, answers, Set.of()) : fold(run, answers);
            }).toList();
        }
        return folds;
    }

    @Override
    public LongTable delivered(int partition) {
        LongTable table = load(partition);
        if (!folding.isEmpty() || migrating) {
            fold(partition, table);
        }
        partitionsFolded.add(partition);
        markInFlight(partition, table);
        return table;
    }

    /**
     * Marks the users another run has queued a value for that the state does not know the destination took: that value may
     * be at the destination now, so this run sends its own even when it equals what the state holds (docs/sync.md, "The newest
     * value wins"). Done after the fold has stored the partition: the marks are never part of the state.
     */
    private void markInFlight(int partition, LongTable table) {
        String suffix = String.format("/p%02d.bin", partition);
        for (InFlight run : inFlightSent()) {
            for (String key : run.sentKeys()) {
                if (key.endsWith(suffix)) {
                    SentItems sent = sent(key, run.hashing());
                    for (int i = 0; i < sent.size(); i++) {
                        if (table.get(sent.keys()[i], 0) != sent.fingerprints()[i]) {
                            table.put(sent.keys()[i], IN_FLIGHT);
                        }
                    }
                }
            }
        }
    }

    /** The sent items of the runs still splitting and of the unfolded runs this run does not fold. */
    private List<InFlight> inFlightSent() {
        if (inFlightSent == null) {
            Map<String, String> runs = new LinkedHashMap<>();
            inFlight.forEach(run -> runs.put(run, hash.id()));
            manifest.unfolded().stream().filter(run -> !folding.contains(run))
                    .forEach(run -> runs.put(run.runId(), run.hashing()));
            runs.remove(runId);
            inFlightSent = runs.entrySet().stream().map(run -> new InFlight(run.getValue(), new HashSet<>(store.list(bucket,
                    keys.sentPrefix(new RunKeys(outputPrefix, run.getKey())))))).toList();
        }
        return inFlightSent;
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

    @Override
    public void holding(String stream, int partition, long[] keyHashes) {
        if (!dryRun && keyHashes.length > 0) {
            store.put(bucket, keys.holding(new RunKeys(outputPrefix, runId), stream, partition), LongPairs.keys(keyHashes),
                    ObjectStore.OCTET_STREAM);
        }
    }

    @Override
    public void decided(int partition, List<UserDecision> decisions) {
        if (!dryRun && !decisions.isEmpty()) {
            store.put(bucket, keys.story(partition, runId), UserIndex.encode(decisions), ObjectStore.OCTET_STREAM);
        }
    }

    /** The fingerprint the state holds now for one user (folded runs only), if it holds the user. */
    public static OptionalLong held(ObjectStore store, ObjectMapper json, String bucket, StateKeys keys, long keyHash) {
        StateManifest manifest = store.readJson(bucket, keys.manifest(), StateManifest.class).orElse(StateManifest.EMPTY);
        String key = manifest.partitions().get(DestinationState.partition(keyHash));
        long fingerprint = key == null ? 0 : LongPairs.partition(store.read(bucket, key).orElse(new byte[0])).get(keyHash, 0);
        return fingerprint == 0 ? OptionalLong.empty() : OptionalLong.of(fingerprint);
    }

    private LongTable load(int partition) {
        String key = manifest.partitions().get(partition);
        if (key == null) {
            return new LongTable();
        }
        LongTable stored = LongPairs.partition(store.read(bucket, key).orElseThrow(() -> new IllegalStateException(
                "state object s3://" + bucket + "/" + key + " is missing; remove " + keys.manifest() + " to start the sync "
                        + "afresh (the next run then sends every user)")));
        if (!migrating) {
            return stored;
        }
        LongTable keyed = new LongTable(stored.size());
        stored.forEach((keyHash, fingerprint) -> keyed.put(hash.key(keyHash), hash.fingerprint(keyHash, fingerprint)));
        return keyed;
    }

    /** Applies the folded runs' taken users to one partition, and stores it anew when anything changed (or it is keyed now). */
    private void fold(int partition, LongTable table) {
        boolean changed = migrating && manifest.partitions().containsKey(partition);
        Map<Long, String> names = null;
        for (Fold fold : folds()) {
            RunKeys runKeys = new RunKeys(outputPrefix, fold.run().runId());
            for (Map.Entry<String, BitSet> taken : fold.answers().taken().entrySet()) {
                String sentKey = keys.sent(runKeys, taken.getKey(), partition);
                if (!fold.sentKeys().contains(sentKey)) {
                    continue;
                }
                SentItems sent = sent(sentKey, fold.run().hashing());
                for (int i = 0; i < sent.size(); i++) {
                    if (taken.getValue().get(Math.toIntExact(sent.lines()[i]))) {
                        // a deletion puts DELETED, which reads as never taken and is not stored (LongPairs)
                        table.put(sent.keys()[i], sent.fingerprints()[i]);
                        changed = true;
                    }
                }
                if (OutboundItem.DELETES.equals(taken.getKey())) {
                    names = names == null ? storedNames(partition) : names;
                    forget(sent, taken.getValue(), names);
                }
                String namesKey = keys.sentNames(runKeys, partition);
                if (OutboundItem.USERS.equals(taken.getKey()) && fold.sentKeys().contains(namesKey)) {
                    names = names == null ? storedNames(partition) : names;
                    foldNames(sent, taken.getValue(), names(namesKey, fold.run().hashing()), names);
                }
            }
        }
        if (names != null) {
            foldedNames = Map.entry(partition, names);
        }
        if (changed && !dryRun) {
            String key = keys.partition(partition, runId);
            store.put(bucket, key, LongPairs.partition(table), ObjectStore.OCTET_STREAM);
            Map<Long, String> kept = names != null ? names : storedNames(partition);
            if (!kept.isEmpty()) {
                store.put(bucket, keys.names(key), hash.seal(KeyNames.encode(kept)), ObjectStore.OCTET_STREAM);
            }
            stored.put(partition, key);
            storedUsers.put(partition, LongPairs.stored(table));
        }
    }

    /** Deleted users leave the key directory: a later snapshot that lacks them again does not name them removed. */
    private static void forget(SentItems deleted, BitSet taken, Map<Long, String> names) {
        for (int i = 0; i < deleted.size(); i++) {
            if (taken.get(Math.toIntExact(deleted.lines()[i]))) {
                names.remove(deleted.keys()[i]);
            }
        }
    }

    /** The users the destination took, by the key the run sent them with. */
    private static void foldNames(SentItems sent, BitSet taken, Map<Long, String> sentNames, Map<Long, String> names) {
        for (int i = 0; i < sent.size(); i++) {
            String name = sentNames.get(sent.keys()[i]);
            if (name != null && taken.get(Math.toIntExact(sent.lines()[i]))) {
                names.put(sent.keys()[i], name);
            }
        }
    }

    /**
     * The key of each user of a partition the destination took from this sync (docs/sync.md, "Modes and removals"), by key hash:
     * the stored key directory with what this run folded. Users taken before the directory existed are not in it.
     */
    @Override
    public Map<Long, String> named(int partition) {
        if (foldedNames != null && foldedNames.getKey() == partition) {
            return foldedNames.getValue();
        }
        return storedNames(partition);
    }

    private Map<Long, String> storedNames(int partition) {
        String key = manifest.partitions().get(partition);
        return key == null ? new HashMap<>() : names(keys.names(key), manifest.hashing());
    }

    @Override
    public void naming(int partition, long[] keyHashes, String[] userKeys) {
        if (!dryRun && keyHashes.length > 0) {
            store.put(bucket, keys.sentNames(new RunKeys(outputPrefix, runId), partition),
                    hash.seal(KeyNames.encode(keyHashes, userKeys)), ObjectStore.OCTET_STREAM);
        }
    }

    /**
     * Folds the partitions from {@code first} to before {@code end} that this run did not touch, and answers what this
     * run changed there: the partitions it stored anew, and whether it sent anything.
     */
    public StateChanges changes(int first, int end) {
        if ((!folding.isEmpty() || migrating) && !dryRun) {
            for (int partition = first; partition < end; partition++) {
                if (!partitionsFolded.contains(partition)) {
                    delivered(partition);
                }
            }
        }
        return new StateChanges(stored, storedUsers, sentAny);
    }

    /** Folds what this run did not touch, and records the new state (see {@link #commit(List)}). */
    public void commit() {
        commit(List.of(changes(0, PARTITIONS)));
    }

    /**
     * Records the new state from what this run changed, in one or several groups of partitions: the folded runs leave
     * the unfolded list and this run joins it if it sent anything. Does nothing in a dry run.
     */
    public void commit(List<StateChanges> changes) {
        if (dryRun) {
            return;
        }
        Map<Integer, String> partitions = new TreeMap<>(manifest.partitions());
        Map<Integer, Integer> users = new TreeMap<>(manifest.users());
        changes.forEach(change -> {
            partitions.putAll(change.partitions());
            users.putAll(change.users());
        });
        boolean sent = changes.stream().anyMatch(StateChanges::sentAny);
        List<UnfoldedRun> unfolded = new ArrayList<>(manifest.unfolded().subList(folding.size(), manifest.unfolded().size()));
        UnfoldedRun self = new UnfoldedRun(runId, Instant.now().toString(), hash.id());
        if (sent) {
            unfolded.add(self);
        }
        StateManifest next = new StateManifest(partitions, users, unfolded, Instant.now().toString(), hash.id());
        if (write(next, etag)) {
            manifest.partitions().forEach((partition, key) -> {
                if (!key.equals(partitions.get(partition))) {
                    store.delete(bucket, key);
                    store.delete(bucket, keys.names(key));
                }
            });
            return;
        }
        changes.forEach(change -> change.partitions().values().forEach(key -> {
            store.delete(bucket, key);
            store.delete(bucket, keys.names(key));
        }));
        for (int attempt = 1; attempt < COMMIT_ATTEMPTS && sent; attempt++) {
            LOG.infof("state of sync %s for %s was changed by a concurrent run; listing run %s again", keys.sync(),
                    keys.destination(), runId);
            Optional<Versioned> current = store.readVersioned(bucket, keys.manifest());
            StateManifest fresh = current.map(versioned -> parse(versioned.bytes())).orElse(StateManifest.EMPTY);
            List<UnfoldedRun> runs = new ArrayList<>(fresh.unfolded());
            runs.add(self);
            if (write(new StateManifest(fresh.partitions(), fresh.users(), runs, Instant.now().toString(), fresh.hashing()),
                    current.map(Versioned::etag))) {
                return;
            }
        }
        if (sent) {
            LOG.warnf("state of sync %s for %s: run %s could not be recorded after %d attempts; its users will be sent "
                    + "again by the next run", keys.sync(), keys.destination(), runId, COMMIT_ATTEMPTS);
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
