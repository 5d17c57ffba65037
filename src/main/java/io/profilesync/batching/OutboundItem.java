package io.profilesync.batching;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.JsonTrees;

/**
 * One user (or account) in a vendor's request, serialized once so that batches are cut on exact byte counts.
 *
 * @param stream which request kind it belongs to, e.g. {@code users} or {@code accounts}
 * @param line the source line it came from
 * @param node the item as a tree, when its body format needs one; null when the mapper wrote the JSON directly
 * @param json the item serialized, as it will appear in the request body
 */
public record OutboundItem(String stream, long line, JsonNode node, byte[] json) {

    public static final String USERS = "users";

    public static OutboundItem of(String stream, long line, JsonNode node) {
        return new OutboundItem(stream, line, node, JsonTrees.toBytes(node));
    }
}
