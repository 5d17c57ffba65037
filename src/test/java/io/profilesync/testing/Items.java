package io.profilesync.testing;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;

/** Reading what a vendor mapper made. */
public final class Items {

    private Items() {
    }

    /** The item as it will be sent: its JSON read back as a tree. */
    public static JsonNode tree(OutboundItem item) {
        return Pipeline.parse(new String(item.json(), StandardCharsets.UTF_8));
    }
}
