package io.profilesync.batching;

/**
 * One request's worth of items, ready to store and queue.
 *
 * @param stream the request kind, e.g. {@code users}
 * @param number 1-based, per destination and stream, in file order
 * @param firstLine the first source line in the batch
 * @param lastLine the last source line in the batch
 * @param items how many users (or rows, or accounts) it carries
 * @param lineRanges the items' source lines, in item order (see {@link LineRanges})
 * @param body the exact request body
 * @param keys the items' key hashes, in item order (0 for an item without a key)
 */
public record Batch(String stream, int number, long firstLine, long lastLine, int items, LineRanges lineRanges,
        byte[] body, long[] keys) {

    /** A batch's identity, for logs and keys: {@code insider/users-000003}. */
    public static String name(String destination, String stream, int number) {
        return destination + "/" + stream + "-" + String.format("%06d", number);
    }
}
