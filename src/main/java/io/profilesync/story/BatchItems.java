package io.profilesync.story;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One item of a stored request body, by its place: the body itself when it is an array (Evergage), else its array of
 * items ({@code users} for Insider; Xtremepush's {@code rows}, each paired with the body's {@code columns}).
 */
final class BatchItems {

    private BatchItems() {
    }

    static Optional<JsonNode> item(JsonNode body, int position) {
        if (body.isArray()) {
            return Optional.ofNullable(body.get(position));
        }
        JsonNode columns = body.path("columns");
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isArray() && field.getValue() != columns && position < field.getValue().size()) {
                JsonNode item = field.getValue().get(position);
                return Optional.of(item.isArray() && columns.isArray() ? row(columns, item) : item);
            }
        }
        return Optional.empty();
    }

    private static JsonNode row(JsonNode columns, JsonNode values) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size() && i < values.size(); i++) {
            row.set(columns.get(i).asText(), values.get(i));
        }
        return row;
    }
}
