package io.profilesync.ingest;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of an input file, before any mapping.
 *
 * @param line physical line number (1-based) where the record starts
 * @param values scalar values by column name, in column order
 * @param structured nested JSON values (arrays, objects) by key; only JSON lines have them
 * @param problem why the record cannot be used (for example a wrong field count), or null
 */
public record SourceRow(long line, Map<String, String> values, Map<String, JsonNode> structured, String problem) {

    public static SourceRow of(long line, Map<String, String> values) {
        return new SourceRow(line, values, Map.of(), null);
    }

    public static SourceRow broken(long line, String problem) {
        return new SourceRow(line, Map.of(), Map.of(), problem);
    }

    public boolean isBroken() {
        return problem != null;
    }
}
