package io.profilesync.splitting;

import io.profilesync.vendor.Identifiers;

/**
 * Where a run names users for the operator: a snapshot sync's users the vendor took before that its file no longer
 * holds, and users whose identifier changed while their key stayed (docs/identifiers.md).
 */
@FunctionalInterface
public interface RemovedSink {

    RemovedSink NONE = (vendor, key) -> { };

    void removed(String vendor, String key);

    /**
     * A user, keyed {@code key} as the vendor's requests key it, whose identifier {@code identifier} differs from the
     * one the vendor took last (neither value is named), and what the vendor's documentation makes of the change.
     */
    default void identifierChanged(String vendor, String key, String identifier, Identifiers.Handling handling) {
    }
}
