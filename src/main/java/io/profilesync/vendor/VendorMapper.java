package io.profilesync.vendor;

import java.util.function.Consumer;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.mapping.CanonicalRow;

/** Turns rows into one vendor's request items, for one input file. */
public interface VendorMapper {

    /** Maps and validates one row: either items to send or the rules it breaks. */
    MappedRow map(CanonicalRow row);

    /** Hands over the items that can only be known at the end of the file (for example de-duplicated accounts). */
    default void finish(Consumer<OutboundItem> out) {
    }

    /**
     * What this vendor does with a new value of an identifier its mapper reports as {@link Identifiers} items, while
     * the user's key stays (docs/identifiers.md).
     */
    default Identifiers.Handling identifierHandling() {
        return Identifiers.Handling.SENT_WITH_USER;
    }

    /** The request body format of a stream this mapper produces. */
    BatchFormat format(String stream);
}
