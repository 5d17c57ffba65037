package io.profilesync.split;

/** Items and batches of one request kind (e.g. Evergage {@code accounts}). */
public record StreamSummary(long items, int batches) {
}
