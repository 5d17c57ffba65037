package io.profilesync.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A source row after the mapping's renames and types: conventional field names where the file had other names.
 *
 * @param line the source line the row starts on
 * @param values non-empty text values by field name, in source column order
 * @param structured typed (number, boolean, array) and nested JSON values by field name
 * @param problems values the mapping's types refuse; a row with any is rejected
 */
public record CanonicalRow(long line, Map<String, String> values, Map<String, JsonNode> structured,
        List<FieldProblem> problems) {

    public CanonicalRow(long line, Map<String, String> values, Map<String, JsonNode> structured) {
        this(line, values, structured, List.of());
    }

    /** The field's value as text (a typed scalar as its JSON text), or null when it is absent or blank. */
    public String get(String field) {
        if (field == null) {
            return null;
        }
        String value = values.get(field);
        if (value == null && !structured.isEmpty()) {
            JsonNode typed = structured.get(field);
            return typed != null && typed.isValueNode() ? typed.asText() : null;
        }
        return value;
    }

    public boolean has(String field) {
        return get(field) != null;
    }
}
