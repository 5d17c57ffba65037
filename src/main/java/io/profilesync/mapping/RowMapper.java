package io.profilesync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.Columns;
import io.profilesync.common.PerColumns;
import io.profilesync.ingest.SourceRow;

/**
 * Applies a mapping's renames, exclusions and types to each source row. A blank cell is left out: no destination is
 * ever sent a blank, so a blank never erases what a destination holds.
 */
public final class RowMapper {

    private final Map<String, String> columns;
    private final Set<String> ignore;
    private final Map<String, ValueType> types;
    private final TypedValues typedValues;
    private final PerColumns<Layout> layouts = new PerColumns<>(this::layout);

    /**
     * Where each source column goes, worked out once per source {@link Columns}.
     *
     * @param fields the canonical row's columns: the source's, renamed, less the ignored ones
     * @param targets per source column, its position in {@code fields}; -1 when ignored
     * @param types per source column, its type, or null
     * @param merging whether renames make two source columns one field: such rows are mapped by name, where the
     *        field's place is where its first non-blank value was
     */
    private record Layout(Columns fields, int[] targets, ValueType[] types, boolean merging) {
    }

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

    private Layout layout(Columns source) {
        List<String> fields = new ArrayList<>();
        int[] targets = new int[source.size()];
        ValueType[] columnTypes = new ValueType[source.size()];
        boolean merging = false;
        for (int i = 0; i < source.size(); i++) {
            String column = source.name(i);
            targets[i] = -1;
            if (ignore.contains(column)) {
                continue;
            }
            String field = rename(column);
            merging |= fields.contains(field);
            targets[i] = fields.size();
            fields.add(field);
            columnTypes[i] = types.get(column);
        }
        return new Layout(new Columns(fields), targets, columnTypes, merging);
    }

    public CanonicalRow map(SourceRow row) {
        Layout layout = layouts.of(row.columns());
        if (layout.merging()) {
            return mapByName(row);
        }
        String[] values = new String[layout.fields().size()];
        Typed typed = new Typed();
        for (int i = 0; i < row.values().length; i++) {
            String value = row.values()[i];
            int target = layout.targets()[i];
            if (target < 0) {
                continue;
            }
            ValueType type = layout.types()[i];
            if (value == null) {
                Object fileTyped = row.typed() == null ? null : row.typed()[i];
                if (fileTyped != null) {
                    values[target] = typed.convert(layout.fields().name(target), type, fileTyped);
                }
                continue;
            }
            if (value.isBlank()) {
                continue;
            }
            values[target] = type == null ? value.strip() : typed.convert(layout.fields().name(target), type, value.strip());
        }
        return new CanonicalRow(row.line(), layout.fields(), values, typed.withNested(row), typed.problems);
    }

    /** The row's values by field name, where a later column's value replaces an earlier one's of the same field. */
    private CanonicalRow mapByName(SourceRow row) {
        Map<String, String> values = new LinkedHashMap<>(row.values().length * 2);
        Typed typed = new Typed();
        for (int i = 0; i < row.values().length; i++) {
            String column = row.columns().name(i);
            String value = row.values()[i];
            Object fileTyped = value == null && row.typed() != null ? row.typed()[i] : null;
            if ((fileTyped == null && (value == null || value.isBlank())) || ignore.contains(column)) {
                continue;
            }
            String field = rename(column);
            ValueType type = types.get(column);
            String text = fileTyped != null ? typed.convert(field, type, fileTyped)
                    : type == null ? value.strip() : typed.convert(field, type, value.strip());
            if (text != null) {
                values.put(field, text);
            }
        }
        return CanonicalRow.of(row.line(), values, typed.withNested(row), typed.problems);
    }

    /** One row's typed values that are not text, and the values its types refuse. */
    private final class Typed {
        private Map<String, JsonNode> structured = Map.of();
        private List<FieldProblem> problems = List.of();

        /** The value's text when its type keeps it text (dates); null when it is structured or refused. */
        String convert(String field, ValueType type, String text) {
            return kept(field, type, typedValues.convert(type, text), text);
        }

        /** {@link #convert(String, ValueType, String)} of a value the file typed, with the mapping's type or none. */
        String convert(String field, ValueType type, Object fileTyped) {
            return kept(field, type, typedValues.convert(type, fileTyped), fileTyped);
        }

        private String kept(String field, ValueType type, Optional<Object> converted, Object value) {
            if (converted.isEmpty()) {
                problems = problems.isEmpty() ? new ArrayList<>() : problems;
                problems.add(TypedValues.problem(field, type != null ? type : TypedValues.implied(value), TypedValues.text(value)));
                return null;
            }
            if (converted.get() instanceof JsonNode node) {
                structured = structured.isEmpty() ? new LinkedHashMap<>() : structured;
                structured.put(field, node);
                return null;
            }
            return (String) converted.get();
        }

        /** The typed values followed by the row's nested JSON ones (JSON lines). */
        Map<String, JsonNode> withNested(SourceRow row) {
            for (Map.Entry<String, JsonNode> entry : row.structured().entrySet()) {
                if (!ignore.contains(entry.getKey())) {
                    structured = structured.isEmpty() ? new LinkedHashMap<>() : structured;
                    structured.put(rename(entry.getKey()), entry.getValue());
                }
            }
            return structured;
        }
    }

    private String rename(String column) {
        return columns.getOrDefault(column, column);
    }
}
