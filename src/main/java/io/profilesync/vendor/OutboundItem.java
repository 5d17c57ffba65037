package io.profilesync.vendor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One user (or account) in a vendor's request, serialized once so that batches are cut on exact byte counts.
 *
 * @param stream which request kind it belongs to, e.g. {@code users} or {@code accounts}
 * @param line the source line it came from
 * @param node the item as JSON
 * @param json the item serialized, as it will appear in the request body
 */
public record OutboundItem(String stream, long line, JsonNode node, byte[] json) {

    public static final String USERS = "users";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static OutboundItem of(String stream, long line, JsonNode node) {
        try {
            return new OutboundItem(stream, line, node, JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }
}
