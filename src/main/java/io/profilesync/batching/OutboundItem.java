package io.profilesync.batching;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.Hashes;
import io.profilesync.common.JsonWriter;
import io.profilesync.common.RecentlyUsed;

/**
 * One user (or account) in a destination's request, serialized once so that batches are cut on exact byte counts.
 *
 * @param stream which request kind it belongs to, e.g. {@code users} or {@code accounts}
 * @param line the source line it came from
 * @param key who it is at the destination (its user or account key): of several items with one key in a file, only
 *        the last is sent, and change detection remembers what was sent for the key; null when the item has no
 *        identity of its own (it is then always sent)
 * @param shape for formats whose items only fit requests of the same shape (Xtremepush rows share one column
 *        list): the shape, as the format writes it; null otherwise
 * @param json the item serialized, as it will appear in the request body
 * @param fingerprint what the destination would be sent, as change detection compares it: the hash of the shape's
 *        characters, if any, then of the JSON's bytes ({@link #fingerprint(String, byte[])})
 */
public record OutboundItem(String stream, long line, String key, String shape, byte[] json, long fingerprint) {

    public static final String USERS = "users";
    /**
     * Requests that delete users a snapshot sync no longer holds ({@code on_removed: delete}). Their items are keyed
     * by the users' hashes in {@link #USERS}: a deletion is its run's value for the user, ordered against upserts.
     */
    public static final String DELETES = "deletes";
    private static final byte[] NO_JSON = new byte[0];
    /**
     * Each thread's last few shapes with their seeds: items come in runs of a few shape instances (an Xtremepush
     * column list of a few hundred characters, one instance per list, and the shapes of a user's identifiers), so a
     * shape is hashed once a run rather than once an item.
     */
    private static final ThreadLocal<RecentlyUsed<String, Long>> SHAPE_SEEDS = ThreadLocal.withInitial(
            () -> new RecentlyUsed<>(4, shape -> Hashes.add(Hashes.SEED, shape)));

    /** The stream whose users a stream's items are, for the newest-value order: deletions are of users. */
    public static String userStream(String stream) {
        return DELETES.equals(stream) ? USERS : stream;
    }

    /** An item whose fingerprint is worked out from its shape and JSON. */
    public OutboundItem(String stream, long line, String key, String shape, byte[] json) {
        this(stream, line, key, shape, json, fingerprint(shape, json));
    }

    /** A user with a key, in a format where every item fits every request. */
    public static OutboundItem user(long line, String key, byte[] json) {
        return new OutboundItem(USERS, line, key, null, json);
    }

    /** A user with a key, written (and fingerprinted as it is written) by {@code writing}. */
    public static OutboundItem user(long line, String key, JsonWriter.Writing writing) {
        return written(USERS, line, key, null, writing);
    }

    /** An item written by {@code writing}, fingerprinted as it is written: every accepted row's items are. */
    public static OutboundItem written(String stream, long line, String key, String shape, JsonWriter.Writing writing) {
        JsonWriter.Hashed json = JsonWriter.toHashed(seed(shape), writing);
        return new OutboundItem(stream, line, key, shape, json.bytes(), Hashes.nonZero(json.hash()));
    }

    /**
     * An item that is compared but never sent (a user's identifier): its fingerprint is that of what {@code writing}
     * writes, as {@link #written}'s, and its JSON is empty, as nothing needs it once fingerprinted.
     */
    public static OutboundItem fingerprinted(String stream, long line, String key, String shape, JsonWriter.Writing writing) {
        return new OutboundItem(stream, line, key, shape, NO_JSON, Hashes.nonZero(JsonWriter.hashOf(seed(shape), writing)));
    }

    /** An item without identity (replayed callbacks, tests). */
    public static OutboundItem of(String stream, long line, JsonNode node) {
        return new OutboundItem(stream, line, null, null, JsonWriter.toBytes(node));
    }

    /**
     * The fingerprint of a payload: 64-bit FNV-1a over the shape's UTF-16 units, then the JSON's bytes. Stored in each
     * sync's state, so it must never change: a different hash would make every user look changed once.
     */
    public static long fingerprint(String shape, byte[] json) {
        return Hashes.nonZero(Hashes.add(seed(shape), json));
    }

    private static long seed(String shape) {
        return shape == null ? Hashes.SEED : SHAPE_SEEDS.get().get(shape);
    }
}
