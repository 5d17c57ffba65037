package io.profilesync.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.CanonicalRow;

/** Builds mapped rows for destination tests: {@code Rows.of("user_id", "u1", "email", "a@b.co")}. */
public final class Rows {

    private Rows() {
    }

    public static CanonicalRow of(String... keyValues) {
        return withStructured(Map.of(), keyValues);
    }

    public static CanonicalRow withStructured(Map<String, JsonNode> structured, String... keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return CanonicalRow.of(7, values, structured, List.of());
    }
}
