package io.profilesync.mapping;

import com.fasterxml.jackson.annotation.JsonValue;

/** The type a mapping gives a column ({@code types:}); each destination then sends it the way its docs ask. */
public enum ValueType {
    /** Sent as text (the default for columns without a type). */
    STRING,
    /** A decimal number: a JSON number where the destination takes one. */
    NUMBER,
    /** true/false, yes/no, 1/0, y/n, t/f. */
    BOOLEAN,
    /** JSON array text, or elements joined by the mapping's {@code array_separator} ({@code |} by default). */
    ARRAY,
    /** A calendar date: kept as that day, at midnight UTC, whatever offset the text carries. */
    DATE,
    /** An instant: converted to the same instant in UTC. */
    DATETIME;

    @JsonValue
    public String rule() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
