package io.profilesync.splitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.profilesync.batching.Batch;
import io.profilesync.batching.BatchCutter;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.LimitCaps;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.Hashes;
import io.profilesync.common.LongTable;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.OnRemoved;
import io.profilesync.mapping.SourceKind;
import io.profilesync.mapping.WriteMode;
import io.profilesync.splitting.LatestItems.Carried;
import io.profilesync.splitting.LatestItems.Entry;
import io.profilesync.splitting.UserDecision.Decision;
import io.profilesync.splitting.DestinationState.SentItems;
import io.profilesync.destination.Identifiers;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;

/**
 * One destination's path through a run: map and validate each row as it is read; once the file is read, per
 * partition of user keys, keep the last item per key (earlier rows are superseded), compare it with what the
 * destination holds, and batch only what is new or changed.
 */
final class DestinationLane implements AutoCloseable {

    /** The stream of a snapshot's markers for users whose rows were rejected ({@link #stillHeld}). */
    private static final String REJECTED_USERS = "rejected-users";

    private final String destination;
    private final DestinationMapper mapper;
    private final LimitCaps caps;
    private final BatchSink sink;
    private final DestinationState state;
    private final SyncMode mode;
    private final WriteMode writeMode;
    private final SourceKind source;
    private final OnRemoved onRemoved;
    /** Where this lane's accepted items wait while the file is read; null in a lane that only finishes. */
    private final LatestItems latest;
    private final PartitionedItems items;
    private final PartitionGroup group;
    /** Per stream, per shape ("" for none): one cutter each. */
    private final Map<String, Map<String, BatchCutter>> cutters = new LinkedHashMap<>();
    private final Map<String, BatchCutter.Counter> numbers = new HashMap<>();
    /** The cutter of the last item's stream and shape: items mostly come in runs of one. */
    private BatchCutter lastCutter;
    private String lastCutterStream;
    private String lastCutterShape;
    private final Samples samples;
    private long rows;
    private long mapped;
    private long rejected;
    private final ChangeCounts users = new ChangeCounts();
    /** Per partition, the decisions of its users still waiting for some of their batches to be cut. */
    private final Map<Integer, PartitionStory> stories = new HashMap<>();

    /** @param sink where batches go */
    DestinationLane(String destination, DestinationMapper mapper, LimitCaps caps, BatchSink sink, DestinationState state, SyncMode mode,
            WriteMode writeMode, SourceKind source, OnRemoved onRemoved) {
        this(destination, mapper, caps, sink, state, mode, writeMode, source, onRemoved, new LatestItems(mode.memoryBudget()));
    }

    private DestinationLane(String destination, DestinationMapper mapper, LimitCaps caps, BatchSink sink, DestinationState state, SyncMode mode,
            WriteMode writeMode, SourceKind source, OnRemoved onRemoved, LatestItems latest) {
        this(destination, mapper, caps, sink, state, mode, writeMode, source, onRemoved, latest, latest, PartitionGroup.ALL);
    }

    private DestinationLane(String destination, DestinationMapper mapper, LimitCaps caps, BatchSink sink, DestinationState state, SyncMode mode,
            WriteMode writeMode, SourceKind source, OnRemoved onRemoved, LatestItems latest, PartitionedItems items,
            PartitionGroup group) {
        this.destination = destination;
        this.mapper = mapper;
        this.caps = caps;
        this.sink = sink;
        this.state = state;
        this.mode = mode;
        this.writeMode = writeMode;
        this.source = source;
        this.onRemoved = onRemoved;
        this.latest = latest;
        this.items = items;
        this.group = group;
        this.samples = mode.dryRun() ? new Samples(mapper) : null;
    }

    /**
     * A lane that only finishes a group of partitions of a file read in chunks: the items every chunk kept, and the
     * rows the chunks counted.
     */
    static DestinationLane finishing(String destination, DestinationMapper mapper, LimitCaps caps, BatchSink sink, DestinationState state,
            SyncMode mode, WriteMode writeMode, SourceKind source, OnRemoved onRemoved, PartitionedItems items,
            LaneCounts counts, PartitionGroup group) {
        DestinationLane lane = new DestinationLane(destination, mapper, caps, sink, state, mode, writeMode, source, onRemoved, null, items,
                group);
        lane.rows = counts.rows();
        lane.mapped = counts.mapped();
        lane.rejected = counts.rejected();
        return lane;
    }

    String destination() {
        return destination;
    }

    void accept(CanonicalRow row, RejectionSink rejections) {
        rows++;
        if (!row.problems().isEmpty()) {
            Violation[] violations = row.problems().stream()
                    .map(problem -> new Violation(problem.field(), problem.rule(), problem.message())).toArray(Violation[]::new);
            reject(rejections, row.line(), violations);
            stillHeld(row, violations);
            return;
        }
        MappedRow mappedRow = mapper.map(row);
        if (!mappedRow.isAccepted()) {
            Violation[] violations = mappedRow.violations().toArray(Violation[]::new);
            reject(rejections, row.line(), violations);
            stillHeld(row, violations);
            return;
        }
        for (OutboundItem item : mappedRow.items()) {
            if (!Identifiers.isIdentifier(item) && !cutter(item).fits(item)) {
                Violation tooLarge = new Violation("*", "max_request_bytes", "this user alone is larger than the "
                        + cutter(item).limits().maxBytes() + "-byte request limit");
                reject(rejections, row.line(), tooLarge);
                stillHeld(row, tooLarge);
                return;
            }
        }
        List<OutboundItem> items = mappedRow.items();
        for (int i = 0; i < items.size();) {
            OutboundItem item = items.get(i++);
            long keyHash = keyHash(item);
            // the identifier items that follow a user's item are its row's: carried with it
            int first = i;
            while (keyHash != 0 && OutboundItem.USERS.equals(item.stream()) && i < items.size()
                    && Identifiers.isIdentifier(items.get(i)) && item.key().equals(items.get(i).key())) {
                i++;
            }
            latest.add(first == i ? new Entry(item, keyHash) : new Entry(item, keyHash, carried(keyHash, items.subList(first, i))));
        }
        mapped++;
    }

    void rejectRecord(long line, String problem, RejectionSink rejections) {
        rows++;
        reject(rejections, line, new Violation("*", "record", problem));
    }

    /**
     * A rejected row still names its user: a marker in the user's partition, carrying the broken rules (never a value),
     * says the file holds it, so a snapshot does not remove it (the destination keeps its previous value), and puts the
     * rejection in the user's story. The marker sends nothing and supersedes nothing.
     */
    private void stillHeld(CanonicalRow row, Violation... violations) {
        String key = mode.dryRun() && source != SourceKind.SNAPSHOT ? null : mapper.userKey(row);
        if (key != null) {
            StringBuilder rules = new StringBuilder();
            for (Violation violation : violations) {
                rules.append(rules.isEmpty() ? "" : ", ").append(violation.field()).append(' ').append(violation.rule());
            }
            latest.add(new OutboundItem(REJECTED_USERS, row.line(), key, rules.toString(), new byte[0], 0),
                    StateHashes.unkeyed(OutboundItem.USERS, key));
        }
    }

    private void reject(RejectionSink rejections, long line, Violation... violations) {
        rejected++;
        for (Violation violation : violations) {
            rejections.reject(new Rejection(line, destination, violation.field(), violation.rule(), violation.message()));
        }
    }

    /** The key's unkeyed hash ({@link StateHashes#unkeyed}); 0 for an item without a key. */
    private static long keyHash(OutboundItem item) {
        if (Identifiers.isIdentifier(item)) {
            throw new IllegalStateException("an identifier's item (" + item.shape() + ", line " + item.line()
                    + ") must follow its user's item");
        }
        return item.key() == null ? 0 : StateHashes.unkeyed(item.stream(), item.key());
    }

    /**
     * A user's identifiers, each keyed by its user's unkeyed key hash mixed with the identifier's name below the
     * partition bits: it stays in its user's partition.
     */
    private static Carried[] carried(long user, List<OutboundItem> identifiers) {
        Carried[] carried = new Carried[identifiers.size()];
        for (int i = 0; i < carried.length; i++) {
            OutboundItem identifier = identifiers.get(i);
            long mixed = Hashes.add(Hashes.add(user, '\0'), identifier.shape());
            carried[i] = new Carried(identifier.shape(),
                    Hashes.nonZero((user & StateHashes.PARTITION_BITS) | (mixed & ~StateHashes.PARTITION_BITS)), identifier.fingerprint());
        }
        return carried;
    }

    /**
     * A partition's entries as the state keeps them ({@link DestinationState#hashes}): their key hashes and fingerprints in
     * keyed form, in the same partition, so everything compared, recorded and queued from here on is keyed.
     */
    private List<Entry> keyed(List<Entry> entries) {
        StateHashes hashes = state.hashes();
        if (hashes == StateHashes.UNKEYED) {
            return entries;
        }
        List<Entry> keyed = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            OutboundItem item = entry.item();
            keyed.add(entry.keyHash() == 0 ? entry : new Entry(new OutboundItem(item.stream(), item.line(), item.key(),
                    item.shape(), item.json(), hashes.fingerprint(entry.keyHash(), item.fingerprint())),
                    hashes.key(entry.keyHash()), keyed(hashes, entry.identifiers())));
        }
        return keyed;
    }

    private static Carried[] keyed(StateHashes hashes, Carried[] identifiers) {
        Carried[] keyed = identifiers.length == 0 ? identifiers : new Carried[identifiers.length];
        for (int i = 0; i < keyed.length; i++) {
            Carried identifier = identifiers[i];
            keyed[i] = new Carried(identifier.name(), hashes.key(identifier.keyHash()),
                    hashes.fingerprint(identifier.keyHash(), identifier.fingerprint()));
        }
        return keyed;
    }

    /** The input is read: the items only its end reveals join the others. */
    void endOfInput() {
        mapper.finish(item -> latest.add(item, keyHash(item)));
    }

    LaneCounts counts() {
        return new LaneCounts(rows, mapped, rejected);
    }

    /** Hands each partition's items on, encoded, once a chunk of a file is read (and {@link #endOfInput}). */
    void handOver(ChunkSink out) {
        for (int partition = 0; partition < DestinationState.PARTITIONS; partition++) {
            byte[] encoded = latest.takeEncoded(partition);
            if (encoded != null) {
                out.partition(destination, partition, encoded);
            }
        }
    }

    /**
     * Once the file is read: each partition's last items, compared with the destination's state, batched when they changed.
     * The summary of a group of partitions counts the rows of the whole file, and what its partitions decided.
     *
     * @param readWhole whether the file was read to its end: one a file-level error stopped says nothing of the users it
     *        did not reach, so a snapshot removes none (a truncated export must not delete half the users)
     */
    DestinationSummary finish(SupersededSink superseded, RemovedSink removed, boolean readWhole) {
        boolean removing = source == SourceKind.SNAPSHOT && readWhole;
        for (int partition = group.first(); partition < group.end(); partition++) {
            finishPartition(partition, superseded, removed, removing);
        }
        cutters.values().forEach(shapes -> shapes.values().forEach(BatchCutter::flush));
        stories.values().forEach(story -> state.decided(story.partition, story.decisions));
        stories.clear();
        Map<String, StreamSummary> streams = new LinkedHashMap<>();
        numbers.forEach((stream, counter) -> streams.put(stream, streamSummary(stream)));
        int batches = streams.values().stream().mapToInt(StreamSummary::batches).sum();
        return new DestinationSummary(rows, mapped - users.superseded, rejected, users.superseded, users.added, users.changed,
                users.unchanged, users.resent, users.removed, users.skipped, batches, streams, samples == null ? Map.of() : samples.bodies(),
                users.identifierChanged);
    }

    private StreamSummary streamSummary(String stream) {
        int batches = batchesOf(stream);
        List<StreamSummary.BatchRange> numbered = group.firstBatch() == 1 || batches == 0 ? List.of()
                : List.of(new StreamSummary.BatchRange(group.firstBatch(), group.firstBatch() + batches - 1));
        long sent = cutters.getOrDefault(stream, Map.of()).values().stream().mapToLong(BatchCutter::items).sum();
        return new StreamSummary(sent, batches, numbered);
    }

    private int batchesOf(String stream) {
        return cutters.getOrDefault(stream, Map.of()).values().stream().mapToInt(BatchCutter::batches).sum();
    }

    private void finishPartition(int partition, SupersededSink superseded, RemovedSink removed, boolean removing) {
        List<Entry> entries = keyed(items.take(partition));
        if (entries.isEmpty()) {
            if (removing) {
                state.delivered(partition);
                PartitionStory story = story(partition);
                List<Entry> deletions = removals(partition, new LongTable(), new LongTable(), removed, story);
                Map<String, SentBuffer> sent = new HashMap<>();
                Map<String, KeyBuffer> held = new HashMap<>();
                deleting(deletions, sent, held, 0);
                if (!mode.dryRun()) {
                    sent.forEach((stream, items) -> state.sending(stream, partition, items.items()));
                    held.forEach((stream, keys) -> state.holding(stream, partition, keys.sorted()));
                }
                deletions.forEach(deletion -> send(deletion.item(), deletion.keyHash()));
                told(story);
            }
            return;
        }
        LongTable last = new LongTable(entries.size());
        LongTable rejectedUsers = new LongTable();
        // read backwards, a key's first entry met is its last: one look-up per entry tells each whether it is
        boolean[] isLast = new boolean[entries.size()];
        int identifiers = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            identifiers += entry.identifiers().length;
            if (REJECTED_USERS.equals(entry.item().stream())) {
                rejectedUsers.putIfAbsent(entry.keyHash(), i, -1);
            } else if (entry.keyHash() != 0) {
                isLast[i] = last.putIfAbsent(entry.keyHash(), i, -1) == -1;
            }
        }
        LongTable delivered = state.delivered(partition);
        PartitionStory story = story(partition);
        List<Entry> deletions = removing ? removals(partition, last, rejectedUsers, removed, story)
                : List.of();
        Map<String, SentBuffer> sent = new HashMap<>();
        Map<String, KeyBuffer> held = new HashMap<>();
        NameBuffer named = new NameBuffer(entries.size());
        int[] sending = new int[entries.size()];
        int toSend = 0;
        LongTable usersSent = new LongTable();
        // made once, not once per item as a capturing lambda written in the loop would be
        Function<String, KeyBuffer> newKeys = stream -> new KeyBuffer(entries.size() + deletions.size());
        int sendable = entries.size() + identifiers;
        Function<String, SentBuffer> newSent = stream -> new SentBuffer(sendable);
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            OutboundItem item = entry.item();
            if (REJECTED_USERS.equals(item.stream())) {
                story.add(entry.keyHash(), item.line(), Decision.REJECTED, 0, item.shape());
                continue;
            }
            boolean isUser = OutboundItem.USERS.equals(item.stream()) && entry.keyHash() != 0;
            if (entry.keyHash() != 0 && !isLast[i]) {
                if (isUser) {
                    users.superseded++;
                    long by = entries.get((int) last.get(entry.keyHash(), i)).item().line();
                    superseded.superseded(item.line(), destination, by);
                    story.add(entry.keyHash(), item.line(), Decision.SUPERSEDED, 0, "by line " + by);
                }
                continue;
            }
            long known = entry.keyHash() == 0 ? 0 : delivered.get(entry.keyHash(), 0);
            if (entry.keyHash() != 0 && leftOut(known)) {
                if (isUser) {
                    users.skipped++;
                    story.add(entry.keyHash(), item.line(), Decision.SKIPPED, 0, writeMode.name().toLowerCase(java.util.Locale.ROOT));
                }
                continue;
            }
            if (entry.keyHash() != 0) {
                held.computeIfAbsent(item.stream(), newKeys)
                        .add(entry.keyHash());
            }
            Change change = known == 0 ? Change.NEW : known != entry.item().fingerprint() ? Change.CHANGED
                    : mode.fullResync() ? Change.RESENT : Change.UNCHANGED;
            if (isUser) {
                users.count(change);
                story.add(entry.keyHash(), item.line(), Decision.valueOf(change.name()), item.fingerprint(), "");
            }
            if (change != Change.UNCHANGED) {
                sending[toSend++] = i;
                if (entry.keyHash() != 0) {
                    sent.computeIfAbsent(item.stream(), newSent)
                            .add(item.line(), entry.keyHash(), entry.item().fingerprint());
                    if (isUser) {
                        named.add(entry.keyHash(), item.key());
                        usersSent.put(entry.keyHash(), item.line());
                    }
                }
            }
        }
        identifiers(entries, delivered, usersSent, sent, newSent, removed, story);
        deleting(deletions, sent, held, entries.size());
        if (!mode.dryRun()) {
            sent.forEach((stream, items) -> state.sending(stream, partition, items.items()));
            held.forEach((stream, keys) -> state.holding(stream, partition, keys.sorted()));
            named.record(state, partition);
        }
        // recorded before any of them is batched: a batch may be queued, and posted, as soon as it is cut
        for (int i = 0; i < toSend; i++) {
            send(entries.get(sending[i]).item(), entries.get(sending[i]).keyHash());
        }
        deletions.forEach(deletion -> send(deletion.item(), deletion.keyHash()));
        told(story);
    }

    /** A partition's story, which its batches, once cut, complete with where each user went. */
    private PartitionStory story(int partition) {
        PartitionStory story = new PartitionStory(partition, !mode.dryRun());
        if (story.recording) {
            stories.put(partition, story);
        }
        return story;
    }

    /** The partition's decisions are all taken: stored now when every batch of its users is cut, else once they are. */
    private void told(PartitionStory story) {
        story.decided = true;
        if (story.recording && story.unbatched == 0) {
            stories.remove(story.partition);
            state.decided(story.partition, story.decisions);
        }
    }

    /** A batch was cut: its users' decisions learn their batch and place in it. */
    private void batched(Batch batch) {
        long[] keys = batch.keys();
        for (int at = 0; at < keys.length; at++) {
            PartitionStory story = keys[at] == 0 ? null : stories.get(DestinationState.partition(keys[at]));
            if (story != null && story.batched(keys[at], batch.stream(), batch.number(), at) && story.decided) {
                told(story);
            }
        }
    }

    /**
     * The identifiers of the users this partition sends: one the destination took another value of is reported (its user
     * counted {@code identifier_changed} once, each identifier named with what the destination makes of it, never with its
     * values); each is recorded with its user, so it joins the state when the destination takes the user. An identifier the
     * state does not know (a user first sent, state written before identifiers were kept, a value another run has in
     * flight) is only recorded (docs/identifiers.md).
     */
    private void identifiers(List<Entry> entries, LongTable delivered, LongTable usersSent, Map<String, SentBuffer> sent,
            Function<String, SentBuffer> newSent, RemovedSink report, PartitionStory story) {
        Identifiers.Handling handling = mapper.identifierHandling();
        SentBuffer sentUsers = null;
        for (Entry entry : entries) {
            OutboundItem item = entry.item();
            // only the user's last row, when it is sent: the identifiers that row holds
            if (entry.identifiers().length == 0 || usersSent.get(entry.keyHash(), -1) != item.line()) {
                continue;
            }
            boolean counted = false;
            for (Carried identifier : entry.identifiers()) {
                long known = delivered.get(identifier.keyHash(), 0);
                if (known != 0 && known != DestinationState.IN_FLIGHT && known != identifier.fingerprint()) {
                    if (!counted) {
                        users.identifierChanged++;
                        counted = true;
                    }
                    report.identifierChanged(destination, item.key(), identifier.name(), handling);
                    story.add(entry.keyHash(), item.line(), Decision.IDENTIFIER_CHANGED, 0, identifier.name() + " (" + handling + ")");
                }
                if (sentUsers == null) {
                    sentUsers = sent.computeIfAbsent(OutboundItem.USERS, newSent);
                }
                sentUsers.add(item.line(), identifier.keyHash(), identifier.fingerprint());
            }
        }
    }

    /**
     * Records a partition's deletions as what the run sends ({@link DestinationState#DELETED}: the user leaves the state
     * once the destination took the deletion) and as users the run holds: a deletion is the run's value for the user, so
     * an older run's upsert of it is stale, and a newer run that holds it makes the deletion stale.
     */
    private static void deleting(List<Entry> deletions, Map<String, SentBuffer> sent, Map<String, KeyBuffer> held,
            int entries) {
        for (Entry deletion : deletions) {
            sent.computeIfAbsent(OutboundItem.DELETES, stream -> new SentBuffer(deletions.size()))
                    .add(deletion.item().line(), deletion.keyHash(), DestinationState.DELETED);
            held.computeIfAbsent(OutboundItem.USERS, stream -> new KeyBuffer(entries + deletions.size()))
                    .add(deletion.keyHash());
        }
    }

    /**
     * A snapshot's users the destination took before that the file does not hold ({@code last}: the key hashes of its
     * accepted users, {@code rejected}: of its rejected ones).
     */
    private List<Entry> removals(int partition, LongTable last, LongTable rejected, RemovedSink removed,
            PartitionStory story) {
        List<Entry> deletions = new ArrayList<>();
        state.named(partition).forEach((keyHash, key) -> {
            if (last.get(keyHash, -1) == -1 && rejected.get(keyHash, -1) == -1) {
                users.removed++;
                OutboundItem deletion = onRemoved == OnRemoved.DELETE
                        ? mapper.deletion(deletionRef(partition, deletions.size()), key) : null;
                if (deletion != null) {
                    deletions.add(new Entry(deletion, keyHash));
                    story.add(keyHash, deletion.line(), Decision.DELETED, DestinationState.DELETED, "");
                } else {
                    story.add(keyHash, 0, Decision.REMOVED, 0, onRemoved == OnRemoved.KEEP ? "kept" : "not deletable");
                }
                removed.removed(destination, key, onRemoved == OnRemoved.KEEP ? RemovedSink.Action.KEPT
                        : deletion == null ? RemovedSink.Action.NOT_DELETABLE : RemovedSink.Action.DELETE,
                        deletion == null ? 0 : deletion.line());
            }
        });
        return deletions;
    }

    /**
     * A deletion's number in its run and destination, which its outcome names as a line of the deletes stream: unique
     * across partitions (finished apart in a chunked run) and within the int range the state's fold reads lines in,
     * for up to 16M deletions a partition (a billion a destination, far past any removed-share guard).
     */
    private static long deletionRef(int partition, int index) {
        return ((long) partition << 24) + index + 1;
    }

    /**
     * Whether the sync's mode leaves out an item the state knows as {@code known} (0: never taken). A user another run
     * has in flight ({@link DestinationState#IN_FLIGHT}) counts as taken: its value may be at the destination already.
     */
    private boolean leftOut(long known) {
        return switch (writeMode) {
            case UPSERT -> false;
            case UPDATE -> known == 0;
            case INSERT -> known != 0;
        };
    }

    private void send(OutboundItem item, long keyHash) {
        cutter(item).add(item, keyHash);
        if (samples != null) {
            samples.offer(item);
        }
    }

    /** One cutter per stream and shape; the batches of a stream are numbered across its shapes. */
    private BatchCutter cutter(OutboundItem item) {
        if (lastCutter != null && item.stream().equals(lastCutterStream) && Objects.equals(item.shape(), lastCutterShape)) {
            return lastCutter;
        }
        String stream = item.stream();
        Map<String, BatchCutter> shapes = cutters.computeIfAbsent(stream, name -> new LinkedHashMap<>());
        lastCutter = shapes.computeIfAbsent(item.shape() == null ? "" : item.shape(), name -> {
            BatchLimits limits = caps.apply(destination, mapper.format(stream).limits());
            return new BatchCutter(stream, new CappedFormat(mapper.format(stream), limits),
                    numbers.computeIfAbsent(stream, ignored -> new BatchCutter.Counter(group.firstBatch(), group.lastBatch())), batch -> {
                        sink.write(destination, batch);
                        batched(batch);
                    });
        });
        lastCutterStream = stream;
        lastCutterShape = item.shape();
        return lastCutter;
    }

    @Override
    public void close() {
        if (latest != null) {
            latest.close();
        }
    }

    private enum Change { NEW, CHANGED, UNCHANGED, RESENT }

    /** Users by what change detection made of them. */
    private static final class ChangeCounts {
        long added;
        long changed;
        long unchanged;
        long resent;
        long skipped;
        long removed;
        long superseded;
        long identifierChanged;

        void count(Change change) {
            switch (change) {
                case NEW -> added++;
                case CHANGED -> changed++;
                case UNCHANGED -> unchanged++;
                case RESENT -> resent++;
            }
        }
    }

    /**
     * What a run decided for one partition's users, in memory until every user it sends is in a cut batch: for a
     * destination with one request shape, at most the partition after it; rows in many column lists may keep
     * partitions until the lane's last batches are cut.
     */
    private static final class PartitionStory {
        final int partition;
        final boolean recording;
        final List<UserDecision> decisions = new ArrayList<>();
        /** Key hash to the index of its sent decision, plus one. */
        private final LongTable sending = new LongTable();
        int unbatched;
        boolean decided;

        PartitionStory(int partition, boolean recording) {
            this.partition = partition;
            this.recording = recording;
        }

        void add(long keyHash, long line, Decision decision, long fingerprint, String detail) {
            if (!recording || keyHash == 0) {
                return;
            }
            if (decision.sends()) {
                sending.put(keyHash, decisions.size() + 1);
                unbatched++;
            }
            decisions.add(new UserDecision(keyHash, line, decision, fingerprint, decision == Decision.DELETED
                    ? OutboundItem.DELETES : decision.sends() ? OutboundItem.USERS : "", 0, 0, detail));
        }

        /** Whether the item was one this story waited for, and the last one. */
        boolean batched(long keyHash, String stream, int batch, int at) {
            long index = sending.get(keyHash, 0) - 1;
            if (index < 0 || !decisions.get((int) index).stream().equals(stream) || decisions.get((int) index).batch() != 0) {
                return false;
            }
            decisions.set((int) index, decisions.get((int) index).sentIn(batch, at));
            return --unbatched == 0;
        }
    }

    /** The key hashes a partition holds, sorted for binary search. */
    private static final class KeyBuffer {
        private final long[] keys;
        private int size;

        KeyBuffer(int capacity) {
            keys = new long[capacity];
        }

        void add(long key) {
            keys[size++] = key;
        }

        long[] sorted() {
            long[] sorted = size == keys.length ? keys : Arrays.copyOf(keys, size);
            Arrays.sort(sorted);
            return sorted;
        }
    }

    /** The users a partition sends, by key hash, with their keys: the state's key directory once the destination took them. */
    private static final class NameBuffer {
        private final long[] keyHashes;
        private final String[] keys;
        private int size;

        NameBuffer(int capacity) {
            keyHashes = new long[capacity];
            keys = new String[capacity];
        }

        void add(long keyHash, String key) {
            keyHashes[size] = keyHash;
            keys[size++] = key;
        }

        void record(DestinationState state, int partition) {
            if (size > 0) {
                state.naming(partition, Arrays.copyOf(keyHashes, size), Arrays.copyOf(keys, size));
            }
        }
    }

    /** Grows the parallel arrays of {@link SentItems}. */
    private static final class SentBuffer {
        private long[] lines;
        private long[] keys;
        private long[] fingerprints;
        private int size;

        SentBuffer(int capacity) {
            lines = new long[capacity];
            keys = new long[capacity];
            fingerprints = new long[capacity];
        }

        void add(long line, long key, long fingerprint) {
            lines[size] = line;
            keys[size] = key;
            fingerprints[size++] = fingerprint;
        }

        SentItems items() {
            if (size == lines.length) {
                return new SentItems(lines, keys, fingerprints);
            }
            return new SentItems(Arrays.copyOf(lines, size), Arrays.copyOf(keys, size), Arrays.copyOf(fingerprints, size));
        }
    }
}
