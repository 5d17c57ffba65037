package io.profilesync.destination;

import java.util.List;

import io.profilesync.batching.OutboundItem;

/** What a destination made of one row: items to send when it breaks no rule. */
public record MappedRow(List<OutboundItem> items, List<Violation> violations) {

    public static MappedRow accepted(OutboundItem... items) {
        return new MappedRow(List.of(items), List.of());
    }

    public static MappedRow rejected(List<Violation> violations) {
        return new MappedRow(List.of(), List.copyOf(violations));
    }

    public boolean isAccepted() {
        return violations.isEmpty();
    }
}
