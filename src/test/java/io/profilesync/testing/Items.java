package io.profilesync.testing;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;

/** Reading what a destination mapper made. */
public final class Items {

    private Items() {
    }

    /** An Xtremepush row as column to value: its shape (the columns) with its JSON (the values). */
    public static com.fasterxml.jackson.databind.node.ObjectNode profile(OutboundItem item) {
        var profile = Pipeline.JSON.createObjectNode();
        JsonNode columns = Pipeline.parse(item.shape());
        JsonNode values = tree(item);
        for (int i = 0; i < columns.size(); i++) {
            profile.set(columns.get(i).asText(), values.get(i));
        }
        return profile;
    }

    /** The item as it will be sent: its JSON read back as a tree. */
    public static JsonNode tree(OutboundItem item) {
        return Pipeline.parse(new String(item.json(), StandardCharsets.UTF_8));
    }
}
