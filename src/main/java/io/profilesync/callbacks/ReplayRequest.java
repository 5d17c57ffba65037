package io.profilesync.callbacks;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Which stored callbacks to send to Insider again: every one under {@code prefix}, e.g. {@code callbacks/date=2026-11-23/}. */
@RegisterForReflection
public record ReplayRequest(String prefix) {
}
