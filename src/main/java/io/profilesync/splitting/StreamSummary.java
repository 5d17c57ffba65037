package io.profilesync.splitting;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Items and batches of one request kind (e.g. Evergage {@code accounts}). */
@RegisterForReflection
public record StreamSummary(long items, int batches) {
}
