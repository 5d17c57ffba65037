package io.profilesync.mapping;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.ingest.SourceRow;

/** Applies a mapping's renames and exclusions to each source row. */
public final class RowMapper {

    /** Enough for any real header; JSON lines with ever new keys stop being cached there. */
    private static final int MAX_CACHED_NAMES = 4_096;

    private final Map<String, String> columns;
    private final Set<String> ignore;
    private final Map<String, String> canonicalNames = new HashMap<>();

    public RowMapper(MappingDocument mapping, Optional<List<String>> header) {
        this.columns = mapping.columns();
        this.ignore = Set.copyOf(mapping.ignore());
        header.ifPresent(this::checkColumnsExist);
    }

    private void checkColumnsExist(List<String> header) {
        for (String column : columns.keySet()) {
            if (!header.contains(column)) {
                throw new MappingException("mapping names column '" + column + "', which the file's header does not have");
            }
        }
    }

    public CanonicalRow map(SourceRow row) {
        Map<String, String> values = new LinkedHashMap<>(row.values().size() * 2);
        for (Map.Entry<String, String> entry : row.values().entrySet()) {
            String value = entry.getValue();
            if (value != null && !value.isBlank() && !ignore.contains(entry.getKey())) {
                values.put(rename(entry.getKey()), value.strip());
            }
        }
        Map<String, JsonNode> structured = Map.of();
        if (!row.structured().isEmpty()) {
            structured = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : row.structured().entrySet()) {
                if (!ignore.contains(entry.getKey())) {
                    structured.put(rename(entry.getKey()), entry.getValue());
                }
            }
        }
        return new CanonicalRow(row.line(), values, structured);
    }

    /**
     * The field name for a source column, interned: the vendors look fields up by the conventional names (string
     * constants) for every row, and an interned name compares by identity instead of character by character.
     */
    private String rename(String column) {
        String name = canonicalNames.get(column);
        if (name == null) {
            name = columns.getOrDefault(column, column).intern();
            if (canonicalNames.size() < MAX_CACHED_NAMES) {
                canonicalNames.put(column, name);
            }
        }
        return name;
    }
}
