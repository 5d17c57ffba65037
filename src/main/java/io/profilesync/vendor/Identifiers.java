package io.profilesync.vendor;

import java.nio.charset.StandardCharsets;

import io.profilesync.batching.OutboundItem;

/**
 * A user's identifiers other than its key (an email, a phone number), as items change detection compares but that
 * are never sent: they let a run see an identifier change while the user's key stays (docs/identifiers.md). One item
 * per identifier: its {@code shape} is the identifier's name, its JSON the value (or {@code null} when the row has
 * none), so the state keeps only its fingerprint, never the value.
 */
public final class Identifiers {

    /** The stream of these items: never batched, never posted. */
    public static final String STREAM = "identifiers";

    /** What a vendor's own requests do with a new value of an identifier, according to its documentation. */
    public enum Handling {
        /** The user's request carries the new value and the vendor's pages say it replaces the one it holds. */
        SENT_WITH_USER,
        /** The vendor keeps the identifier it holds whatever the user's request says: the operator must change it. */
        REPORTED
    }

    private static final byte[] NONE = "null".getBytes(StandardCharsets.UTF_8);

    private Identifiers() {
    }

    /** The item of one identifier of the user keyed {@code userKey}; {@code value} null when the row has none. */
    public static OutboundItem item(long line, String userKey, String name, String value) {
        byte[] json = value == null ? NONE : ("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .getBytes(StandardCharsets.UTF_8);
        return new OutboundItem(STREAM, line, userKey, name, json);
    }

    public static boolean isIdentifier(OutboundItem item) {
        return STREAM.equals(item.stream());
    }
}
