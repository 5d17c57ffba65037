package io.profilesync.destination;

import java.util.List;

import io.profilesync.batching.OutboundItem;

/**
 * A user's identifiers other than its key (an email, a phone number), as items change detection compares but that
 * are never sent: they let a run see an identifier change while the user's key stays (docs/identifiers.md). One item
 * per identifier the row holds: its {@code shape} is the identifier's name, its fingerprint that of the value as a JSON
 * string, and its JSON empty, so neither the state nor the run's held items keep the value. A blank cell gives none: a blank is never sent, so the destination
 * keeps the value it holds and the state keeps its fingerprint.
 */
public final class Identifiers {

    /** The stream of these items: never batched, never posted. */
    public static final String STREAM = "identifiers";

    /** What a destination's own requests do with a new value of an identifier, according to its documentation. */
    public enum Handling {
        /** The user's request carries the new value and the destination's pages say it replaces the one it holds. */
        SENT_WITH_USER,
        /** The destination keeps the identifier it holds whatever the user's request says: the operator must change it. */
        REPORTED
    }

    private Identifiers() {
    }

    /**
     * Adds the item of one identifier of the user keyed {@code userKey}, unless the row has no value for it: after the
     * user's own item, which the splitter carries it with (an identifier item anywhere else is refused as a bug).
     */
    public static void add(List<OutboundItem> items, long line, String userKey, String name, String value) {
        if (value != null) {
            items.add(OutboundItem.fingerprinted(STREAM, line, userKey, name, json -> json.string(value)));
        }
    }

    public static boolean isIdentifier(OutboundItem item) {
        return STREAM.equals(item.stream());
    }
}
