package io.profilesync.mapping;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A source row after the mapping's renames: conventional field names where the file had other names.
 *
 * @param line the source line the row starts on
 * @param values non-empty scalar values by field name, in source column order
 * @param structured nested JSON values by field name (JSON lines only)
 */
public record CanonicalRow(long line, Map<String, String> values, Map<String, JsonNode> structured) {

    /** The field's value, or null when it is absent or blank. */
    public String get(String field) {
        return field == null ? null : values.get(field);
    }

    public boolean has(String field) {
        return get(field) != null;
    }
}
