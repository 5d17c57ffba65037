package io.profilesync.splitting;

import io.profilesync.destination.Identifiers;

/**
 * Where a run names users for the operator: a snapshot sync's users the destination took before that its file no longer
 * holds (and what it does with them), and users whose identifier changed while their key stayed
 * (docs/identifiers.md).
 */
@FunctionalInterface
public interface RemovedSink {

    RemovedSink NONE = (destination, key, action, ref) -> { };

    /** What becomes of a removed user. */
    enum Action {
        /** {@code on_removed: keep}: left at the destination and in the state. */
        KEPT,
        /** {@code on_removed: delete}: a deletion is queued (unless a guard holds the run); its outcome names its ref. */
        DELETE,
        /** {@code on_removed: delete}, but the destination's deletion API cannot name this user (Insider: an insider_id). */
        NOT_DELETABLE
    }

    /** @param ref the deletion's number, the line its outcome names in the deletes stream; 0 when none is queued */
    void removed(String destination, String key, Action action, long ref);

    /**
     * A user, keyed {@code key} as the destination's requests key it, whose identifier {@code identifier} differs from the
     * one the destination took last (neither value is named), and what the destination's documentation makes of the change.
     */
    default void identifierChanged(String destination, String key, String identifier, Identifiers.Handling handling) {
    }
}
