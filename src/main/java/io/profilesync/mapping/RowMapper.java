package io.profilesync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.ingest.SourceRow;

/**
 * Applies a mapping's renames, exclusions and types to each source row. A blank cell is left out: no vendor is
 * ever sent a blank, so a blank never erases what a vendor holds.
 */
public final class RowMapper {

    /** Enough for any real header; JSON lines with ever new keys stop being cached there. */
    private static final int MAX_CACHED_NAMES = 4_096;

    private final Map<String, String> columns;
    private final Set<String> ignore;
    private final Map<String, ValueType> types;
    private final TypedValues typedValues;
    private final Map<String, String> canonicalNames = new HashMap<>();

    public RowMapper(MappingDocument mapping, Optional<List<String>> header) {
        this.columns = mapping.columns();
        this.ignore = Set.copyOf(mapping.ignore());
        this.types = mapping.types();
        this.typedValues = new TypedValues(mapping.arraySeparator());
        header.ifPresent(names -> {
            checkColumnsExist("columns", columns.keySet(), names);
            checkColumnsExist("types", types.keySet(), names);
        });
    }

    private static void checkColumnsExist(String section, Set<String> named, List<String> header) {
        for (String column : named) {
            if (!header.contains(column)) {
                throw new MappingException("mapping's " + section + " names column '" + column
                        + "', which the file's header does not have");
            }
        }
    }

    public CanonicalRow map(SourceRow row) {
        Map<String, String> values = new LinkedHashMap<>(row.values().size() * 2);
        Map<String, JsonNode> structured = Map.of();
        List<FieldProblem> problems = List.of();
        for (Map.Entry<String, String> entry : row.values().entrySet()) {
            String value = entry.getValue();
            if (value == null || value.isBlank() || ignore.contains(entry.getKey())) {
                continue;
            }
            String field = rename(entry.getKey());
            ValueType type = types.isEmpty() ? null : types.get(entry.getKey());
            if (type == null) {
                values.put(field, value.strip());
                continue;
            }
            Optional<Object> converted = typedValues.convert(type, value.strip());
            if (converted.isEmpty()) {
                problems = problems.isEmpty() ? new ArrayList<>() : problems;
                problems.add(TypedValues.problem(field, type, value.strip()));
            } else if (converted.get() instanceof JsonNode node) {
                structured = structured.isEmpty() ? new LinkedHashMap<>() : structured;
                structured.put(field, node);
            } else {
                values.put(field, (String) converted.get());
            }
        }
        for (Map.Entry<String, JsonNode> entry : row.structured().entrySet()) {
            if (!ignore.contains(entry.getKey())) {
                structured = structured.isEmpty() ? new LinkedHashMap<>() : structured;
                structured.put(rename(entry.getKey()), entry.getValue());
            }
        }
        return new CanonicalRow(row.line(), values, structured, problems);
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
