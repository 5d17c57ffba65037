package io.profilesync.batching;

/**
 * The most a request may carry.
 *
 * @param maxItems users (or rows, or accounts) per request
 * @param maxBytes bytes of the serialized request body; {@link Long#MAX_VALUE} when the destination documents none
 */
public record BatchLimits(int maxItems, long maxBytes) {

    public BatchLimits {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxItems + " items, " + maxBytes + " bytes");
        }
    }

    /** The tighter of these limits and a configured cap (a cap can lower, never raise, a documented limit). */
    public BatchLimits capped(Integer items, Long bytes) {
        return new BatchLimits(items == null ? maxItems : Math.min(maxItems, items),
                bytes == null ? maxBytes : Math.min(maxBytes, bytes));
    }
}
