package io.profilesync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.Columns;

/**
 * A source row after the mapping's renames and types: conventional field names where the file had other names.
 * Its values are by position in its {@link Columns}, which every row of a CSV file shares.
 */
public final class CanonicalRow {

    private final long line;
    private final Columns columns;
    private final String[] values;
    private final Map<String, JsonNode> structured;
    private final List<FieldProblem> problems;
    private final boolean textAndStructuredField;

    /**
     * @param line the source line the row starts on
     * @param columns the row's field names: every field it has a value for, text or structured
     * @param values non-blank text values by position in {@code columns}, null where there is none
     * @param structured typed (number, boolean, array) and nested JSON values by field name, each a field with no
     *        text value ({@link #of} for rows where a field can have both)
     * @param problems values the mapping's types refuse; a row with any is rejected
     */
    public CanonicalRow(long line, Columns columns, String[] values, Map<String, JsonNode> structured,
            List<FieldProblem> problems) {
        this(line, columns, values, structured, problems, false);
    }

    private CanonicalRow(long line, Columns columns, String[] values, Map<String, JsonNode> structured,
            List<FieldProblem> problems, boolean textAndStructuredField) {
        this.line = line;
        this.columns = columns;
        this.values = values;
        this.structured = structured;
        this.problems = problems;
        this.textAndStructuredField = textAndStructuredField;
    }

    /**
     * A row from its text values and structured values by field name, in order. A field may have both (a mapping's
     * renames merged a typed column into a text one's field).
     */
    public static CanonicalRow of(long line, Map<String, String> values, Map<String, JsonNode> structured,
            List<FieldProblem> problems) {
        List<String> names = new ArrayList<>(values.keySet());
        boolean both = false;
        for (String name : structured.keySet()) {
            if (values.containsKey(name)) {
                both = true;
            } else {
                names.add(name);
            }
        }
        return new CanonicalRow(line, new Columns(names), values.values().toArray(new String[names.size()]),
                structured, problems, both);
    }

    /** Whether a field has both a text and a structured value (its text is then the one {@link #get} gives). */
    public boolean hasTextAndStructuredField() {
        return textAndStructuredField;
    }

    public long line() {
        return line;
    }

    public Columns columns() {
        return columns;
    }

    public Map<String, JsonNode> structured() {
        return structured;
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** The text value at a position of {@link #columns()} as it was read (null when blank or typed), -1 for none. */
    public String text(int position) {
        return position < 0 ? null : values[position];
    }

    /** The value at a position as text (a typed scalar as {@link Values#scalarText}), or null when absent or blank; -1 for none. */
    public String get(int position) {
        String value = text(position);
        if (value == null) {
            JsonNode typed = typed(position);
            return typed != null && typed.isValueNode() ? Values.scalarText(typed) : null;
        }
        return value;
    }

    /**
     * The typed value at a position (a number, boolean or array, from {@link #structured()}), or null when the value
     * there is text or absent; -1 for none.
     */
    public JsonNode typed(int position) {
        return position < 0 || values[position] != null || structured.isEmpty() ? null : structured.get(columns.name(position));
    }

    /** The field's value as text (a typed scalar as {@link Values#scalarText}), or null when it is absent or blank. */
    public String get(String field) {
        return get(columns.indexOf(field));
    }

    public boolean has(String field) {
        return get(field) != null;
    }
}
