package io.profilesync.destination;

import java.util.function.Consumer;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.mapping.CanonicalRow;

/** Turns rows into one destination's request items, for one input file. */
public interface DestinationMapper {

    /** Maps and validates one row: either items to send or the rules it breaks. */
    MappedRow map(CanonicalRow row);

    /**
     * The user key a row names, read as {@link #map} would read it, whether or not the row is accepted; null when it
     * names none. A snapshot sync's user whose row is rejected is still in the file: rejected, not removed.
     */
    default String userKey(CanonicalRow row) {
        return null;
    }

    /**
     * The request item that deletes the user the destination knows by {@code key} (a key this mapper gave a user), for
     * a destination whose {@link Destination#deletion()} is available; null when that user cannot be named to the destination's
     * deletion API. Its stream is {@link io.profilesync.batching.OutboundItem#DELETES}.
     *
     * @param ref the deletion's number in its run and destination, which its outcome names as a line
     */
    default OutboundItem deletion(long ref, String key) {
        return null;
    }

    /** Hands over the items that can only be known at the end of the file (for example de-duplicated accounts). */
    default void finish(Consumer<OutboundItem> out) {
    }

    /**
     * What this destination does with a new value of an identifier its mapper reports as {@link Identifiers} items, while
     * the user's key stays (docs/identifiers.md).
     */
    default Identifiers.Handling identifierHandling() {
        return Identifiers.Handling.SENT_WITH_USER;
    }

    /** The request body format of a stream this mapper produces. */
    BatchFormat format(String stream);
}
