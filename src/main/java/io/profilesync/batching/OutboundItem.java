package io.profilesync.batching;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.JsonWriter;

/**
 * One user (or account) in a vendor's request, serialized once so that batches are cut on exact byte counts.
 *
 * @param stream which request kind it belongs to, e.g. {@code users} or {@code accounts}
 * @param line the source line it came from
 * @param key who it is at the vendor (its user or account key): of several items with one key in a file, only
 *        the last is sent, and change detection remembers what was sent for the key; null when the item has no
 *        identity of its own (it is then always sent)
 * @param shape for formats whose items only fit requests of the same shape (Xtremepush rows share one column
 *        list): the shape, as the format writes it; null otherwise
 * @param json the item serialized, as it will appear in the request body
 */
public record OutboundItem(String stream, long line, String key, String shape, byte[] json) {

    public static final String USERS = "users";

    /** A user with a key, in a format where every item fits every request. */
    public static OutboundItem user(long line, String key, byte[] json) {
        return new OutboundItem(USERS, line, key, null, json);
    }

    /** An item without identity (replayed callbacks, tests). */
    public static OutboundItem of(String stream, long line, JsonNode node) {
        return new OutboundItem(stream, line, null, null, JsonWriter.toBytes(node));
    }
}
