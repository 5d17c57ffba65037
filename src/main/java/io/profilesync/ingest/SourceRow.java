package io.profilesync.ingest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.Columns;

/**
 * One record of an input file, before any mapping.
 *
 * @param line physical line number (1-based) where the record starts
 * @param columns the names of the values (a CSV file's header, shared by its rows)
 * @param values scalar values by position in {@code columns}; null where a JSON line has none, or a nested one
 * @param structured nested JSON values (arrays, objects) by key; only JSON lines have them
 * @param problem why the record cannot be used (for example a wrong field count), or null
 * @param typed values the format itself types (Parquet: numbers, booleans, dates, instants, lists) by position in
 *     {@code columns}, where {@code values} has null; null when the format has only text (CSV, JSON lines)
 * @param size about what holding the record costs, in characters: its fields' (a JSON line's whole text), 16 per
 *     typed value or list element; the rows read ahead of the destinations' lanes are bounded by it
 */
public record SourceRow(long line, Columns columns, String[] values, Map<String, JsonNode> structured, String problem,
        Object[] typed, long size) {

    /** What {@link #size} counts for a typed value, and for each element of a list. */
    public static final int TYPED_VALUE_SIZE = 16;

    private static final Columns NONE = new Columns(List.of());

    /** A row of text fields, {@code size} their characters. */
    public static SourceRow of(long line, Columns columns, String[] values, long size) {
        return new SourceRow(line, columns, values, Map.of(), null, null, size);
    }

    public static SourceRow broken(long line, String problem) {
        return new SourceRow(line, NONE, new String[0], Map.of(), problem, null, problem.length());
    }

    public boolean isBroken() {
        return problem != null;
    }

    /** The scalar value of a column, or null when the row has none. */
    public String get(String column) {
        int position = columns.indexOf(column);
        return position < 0 ? null : values[position];
    }
}
