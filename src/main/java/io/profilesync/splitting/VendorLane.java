package io.profilesync.splitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
import io.profilesync.splitting.LatestItems.Entry;
import io.profilesync.splitting.VendorState.SentItems;
import io.profilesync.vendor.Identifiers;
import io.profilesync.vendor.MappedRow;
import io.profilesync.vendor.VendorMapper;
import io.profilesync.vendor.Violation;

/**
 * One vendor's path through a run: map and validate each row as it is read; once the file is read, per
 * partition of user keys, keep the last item per key (earlier rows are superseded), compare it with what the
 * vendor holds, and batch only what is new or changed.
 */
final class VendorLane implements AutoCloseable {

    /** The stream of a snapshot's markers for users whose rows were rejected ({@link #stillHeld}). */
    private static final String REJECTED_USERS = "rejected-users";

    private final String vendor;
    private final VendorMapper mapper;
    private final LimitCaps caps;
    private final BatchSink sink;
    private final VendorState state;
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

    /** @param sink where batches go */
    VendorLane(String vendor, VendorMapper mapper, LimitCaps caps, BatchSink sink, VendorState state, SyncMode mode,
            WriteMode writeMode, SourceKind source, OnRemoved onRemoved) {
        this(vendor, mapper, caps, sink, state, mode, writeMode, source, onRemoved, new LatestItems(mode.memoryBudget()));
    }

    private VendorLane(String vendor, VendorMapper mapper, LimitCaps caps, BatchSink sink, VendorState state, SyncMode mode,
            WriteMode writeMode, SourceKind source, OnRemoved onRemoved, LatestItems latest) {
        this(vendor, mapper, caps, sink, state, mode, writeMode, source, onRemoved, latest, latest, PartitionGroup.ALL);
    }

    private VendorLane(String vendor, VendorMapper mapper, LimitCaps caps, BatchSink sink, VendorState state, SyncMode mode,
            WriteMode writeMode, SourceKind source, OnRemoved onRemoved, LatestItems latest, PartitionedItems items,
            PartitionGroup group) {
        this.vendor = vendor;
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
    static VendorLane finishing(String vendor, VendorMapper mapper, LimitCaps caps, BatchSink sink, VendorState state,
            SyncMode mode, WriteMode writeMode, SourceKind source, OnRemoved onRemoved, PartitionedItems items,
            LaneCounts counts, PartitionGroup group) {
        VendorLane lane = new VendorLane(vendor, mapper, caps, sink, state, mode, writeMode, source, onRemoved, null, items,
                group);
        lane.rows = counts.rows();
        lane.mapped = counts.mapped();
        lane.rejected = counts.rejected();
        return lane;
    }

    String vendor() {
        return vendor;
    }

    void accept(CanonicalRow row, RejectionSink rejections) {
        rows++;
        if (!row.problems().isEmpty()) {
            reject(rejections, row.line(), row.problems().stream()
                    .map(problem -> new Violation(problem.field(), problem.rule(), problem.message()))
                    .toArray(Violation[]::new));
            stillHeld(row);
            return;
        }
        MappedRow mappedRow = mapper.map(row);
        if (!mappedRow.isAccepted()) {
            reject(rejections, row.line(), mappedRow.violations().toArray(Violation[]::new));
            stillHeld(row);
            return;
        }
        for (OutboundItem item : mappedRow.items()) {
            if (!Identifiers.isIdentifier(item) && !cutter(item).fits(item)) {
                reject(rejections, row.line(), new Violation("*", "max_request_bytes", "this user alone is larger than the "
                        + cutter(item).limits().maxBytes() + "-byte request limit"));
                stillHeld(row);
                return;
            }
        }
        for (OutboundItem item : mappedRow.items()) {
            latest.add(item, keyHash(item));
        }
        mapped++;
    }

    void rejectRecord(long line, String problem, RejectionSink rejections) {
        rows++;
        reject(rejections, line, new Violation("*", "record", problem));
    }

    /**
     * A snapshot's rejected row still names its user: a marker in the user's partition says the file holds it, so it
     * is not removed (the vendor keeps its previous value). The marker sends nothing and supersedes nothing.
     */
    private void stillHeld(CanonicalRow row) {
        String key = source == SourceKind.SNAPSHOT ? mapper.userKey(row) : null;
        if (key != null) {
            latest.add(new OutboundItem(REJECTED_USERS, row.line(), key, null, new byte[0], 0),
                    StateHashes.unkeyed(OutboundItem.USERS, key));
        }
    }

    private void reject(RejectionSink rejections, long line, Violation... violations) {
        rejected++;
        for (Violation violation : violations) {
            rejections.reject(new Rejection(line, vendor, violation.field(), violation.rule(), violation.message()));
        }
    }

    /**
     * The key's unkeyed hash ({@link StateHashes#unkeyed}); 0 for an item without a key. An identifier's is its user's,
     * mixed with the identifier's name below the partition bits: it stays in its user's partition.
     */
    private static long keyHash(OutboundItem item) {
        if (item.key() == null) {
            return 0;
        }
        if (Identifiers.isIdentifier(item)) {
            long user = StateHashes.unkeyed(OutboundItem.USERS, item.key());
            long mixed = Hashes.add(Hashes.add(user, '\0'), item.shape());
            return Hashes.nonZero((user & StateHashes.PARTITION_BITS) | (mixed & ~StateHashes.PARTITION_BITS));
        }
        return StateHashes.unkeyed(item.stream(), item.key());
    }

    /**
     * A partition's entries as the state keeps them ({@link VendorState#hashes}): their key hashes and fingerprints in
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
                    hashes.key(entry.keyHash())));
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
        for (int partition = 0; partition < VendorState.PARTITIONS; partition++) {
            List<Entry> entries = latest.take(partition);
            if (!entries.isEmpty()) {
                out.partition(vendor, partition, ItemCodec.encode(entries));
            }
        }
    }

    /**
     * Once the file is read: each partition's last items, compared with the vendor's state, batched when they changed.
     * The summary of a group of partitions counts the rows of the whole file, and what its partitions decided.
     */
    VendorSummary finish(SupersededSink superseded, RemovedSink removed) {
        for (int partition = group.first(); partition < group.end(); partition++) {
            finishPartition(partition, superseded, removed);
        }
        cutters.values().forEach(shapes -> shapes.values().forEach(BatchCutter::flush));
        Map<String, StreamSummary> streams = new LinkedHashMap<>();
        numbers.forEach((stream, counter) -> streams.put(stream, streamSummary(stream)));
        int batches = streams.values().stream().mapToInt(StreamSummary::batches).sum();
        return new VendorSummary(rows, mapped - users.superseded, rejected, users.superseded, users.added, users.changed,
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

    private void finishPartition(int partition, SupersededSink superseded, RemovedSink removed) {
        List<Entry> entries = keyed(items.take(partition));
        if (entries.isEmpty()) {
            if (source == SourceKind.SNAPSHOT) {
                state.delivered(partition);
                List<Entry> deletions = removals(partition, new LongTable(), new LongTable(), removed);
                Map<String, SentBuffer> sent = new HashMap<>();
                Map<String, KeyBuffer> held = new HashMap<>();
                deleting(deletions, sent, held, 0);
                if (!mode.dryRun()) {
                    sent.forEach((stream, items) -> state.sending(stream, partition, items.items()));
                    held.forEach((stream, keys) -> state.holding(stream, partition, keys.sorted()));
                }
                deletions.forEach(deletion -> send(deletion.item(), deletion.keyHash()));
            }
            return;
        }
        LongTable last = new LongTable(entries.size());
        LongTable rejectedUsers = new LongTable();
        for (int i = 0; i < entries.size(); i++) {
            if (REJECTED_USERS.equals(entries.get(i).item().stream())) {
                rejectedUsers.put(entries.get(i).keyHash(), i);
            } else if (entries.get(i).keyHash() != 0) {
                last.put(entries.get(i).keyHash(), i);
            }
        }
        LongTable delivered = state.delivered(partition);
        List<Entry> deletions = source == SourceKind.SNAPSHOT ? removals(partition, last, rejectedUsers, removed)
                : List.of();
        Map<String, SentBuffer> sent = new HashMap<>();
        Map<String, KeyBuffer> held = new HashMap<>();
        NameBuffer named = new NameBuffer(entries.size());
        int[] sending = new int[entries.size()];
        int toSend = 0;
        LongTable usersSent = new LongTable();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            OutboundItem item = entry.item();
            if (Identifiers.isIdentifier(item) || REJECTED_USERS.equals(item.stream())) {
                continue;
            }
            boolean isUser = OutboundItem.USERS.equals(item.stream());
            if (entry.keyHash() != 0 && last.get(entry.keyHash(), i) != i) {
                if (isUser) {
                    users.superseded++;
                    superseded.superseded(item.line(), vendor, entries.get((int) last.get(entry.keyHash(), i)).item().line());
                }
                continue;
            }
            long known = entry.keyHash() == 0 ? 0 : delivered.get(entry.keyHash(), 0);
            if (entry.keyHash() != 0 && leftOut(known)) {
                if (isUser) {
                    users.skipped++;
                }
                continue;
            }
            if (entry.keyHash() != 0) {
                held.computeIfAbsent(item.stream(), stream -> new KeyBuffer(entries.size() + deletions.size()))
                        .add(entry.keyHash());
            }
            Change change = known == 0 ? Change.NEW : known != entry.item().fingerprint() ? Change.CHANGED
                    : mode.fullResync() ? Change.RESENT : Change.UNCHANGED;
            if (isUser) {
                users.count(change);
            }
            if (change != Change.UNCHANGED) {
                sending[toSend++] = i;
                if (entry.keyHash() != 0) {
                    sent.computeIfAbsent(item.stream(), stream -> new SentBuffer(entries.size()))
                            .add(item.line(), entry.keyHash(), entry.item().fingerprint());
                    if (isUser) {
                        named.add(entry.keyHash(), item.key());
                        usersSent.put(entry.keyHash(), item.line());
                    }
                }
            }
        }
        identifiers(entries, last, delivered, usersSent, sent, removed);
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
    }

    /**
     * The identifiers of the users this partition sends: one the vendor took another value of is reported (its user
     * counted {@code identifier_changed} once, each identifier named with what the vendor makes of it, never with its
     * values); each is recorded with its user, so it joins the state when the vendor takes the user. An identifier the
     * state does not know (a user first sent, state written before identifiers were kept, a value another run has in
     * flight) is only recorded (docs/identifiers.md).
     */
    private void identifiers(List<Entry> entries, LongTable last, LongTable delivered, LongTable usersSent,
            Map<String, SentBuffer> sent, RemovedSink report) {
        Identifiers.Handling handling = mapper.identifierHandling();
        LongTable counted = new LongTable();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            OutboundItem item = entry.item();
            long user = Identifiers.isIdentifier(item)
                    ? state.hashes().key(StateHashes.unkeyed(OutboundItem.USERS, item.key())) : 0;
            if (user == 0 || last.get(entry.keyHash(), i) != i || usersSent.get(user, -1) != item.line()) {
                continue;
            }
            long known = delivered.get(entry.keyHash(), 0);
            if (known != 0 && known != VendorState.IN_FLIGHT && known != item.fingerprint()) {
                if (counted.get(user, 0) == 0) {
                    users.identifierChanged++;
                    counted.put(user, 1);
                }
                report.identifierChanged(vendor, item.key(), item.shape(), handling);
            }
            sent.computeIfAbsent(OutboundItem.USERS, stream -> new SentBuffer(entries.size()))
                    .add(item.line(), entry.keyHash(), item.fingerprint());
        }
    }

    /**
     * Records a partition's deletions as what the run sends ({@link VendorState#DELETED}: the user leaves the state
     * once the vendor took the deletion) and as users the run holds: a deletion is the run's value for the user, so
     * an older run's upsert of it is stale, and a newer run that holds it makes the deletion stale.
     */
    private static void deleting(List<Entry> deletions, Map<String, SentBuffer> sent, Map<String, KeyBuffer> held,
            int entries) {
        for (Entry deletion : deletions) {
            sent.computeIfAbsent(OutboundItem.DELETES, stream -> new SentBuffer(deletions.size()))
                    .add(deletion.item().line(), deletion.keyHash(), VendorState.DELETED);
            held.computeIfAbsent(OutboundItem.USERS, stream -> new KeyBuffer(entries + deletions.size()))
                    .add(deletion.keyHash());
        }
    }

    /**
     * A snapshot's users the vendor took before that the file does not hold ({@code last}: the key hashes of its
     * accepted users, {@code rejected}: of its rejected ones).
     */
    private List<Entry> removals(int partition, LongTable last, LongTable rejected, RemovedSink removed) {
        List<Entry> deletions = new ArrayList<>();
        state.named(partition).forEach((keyHash, key) -> {
            if (last.get(keyHash, -1) == -1 && rejected.get(keyHash, -1) == -1) {
                users.removed++;
                OutboundItem deletion = onRemoved == OnRemoved.DELETE
                        ? mapper.deletion(deletionRef(partition, deletions.size()), key) : null;
                if (deletion != null) {
                    deletions.add(new Entry(deletion, keyHash));
                }
                removed.removed(vendor, key, onRemoved == OnRemoved.KEEP ? RemovedSink.Action.KEPT
                        : deletion == null ? RemovedSink.Action.NOT_DELETABLE : RemovedSink.Action.DELETE,
                        deletion == null ? 0 : deletion.line());
            }
        });
        return deletions;
    }

    /**
     * A deletion's number in its run and vendor, which its outcome names as a line of the deletes stream: unique
     * across partitions (finished apart in a chunked run) and within the int range the state's fold reads lines in,
     * for up to 16M deletions a partition (a billion a vendor, far past any removed-share guard).
     */
    private static long deletionRef(int partition, int index) {
        return ((long) partition << 24) + index + 1;
    }

    /**
     * Whether the sync's mode leaves out an item the state knows as {@code known} (0: never taken). A user another run
     * has in flight ({@link VendorState#IN_FLIGHT}) counts as taken: its value may be at the vendor already.
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
            BatchLimits limits = caps.apply(vendor, mapper.format(stream).limits());
            return new BatchCutter(stream, new CappedFormat(mapper.format(stream), limits),
                    numbers.computeIfAbsent(stream, ignored -> new BatchCutter.Counter(group.firstBatch(), group.lastBatch())), batch -> sink.write(vendor, batch));
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

    /** The users a partition sends, by key hash, with their keys: the state's key directory once the vendor took them. */
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

        void record(VendorState state, int partition) {
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
