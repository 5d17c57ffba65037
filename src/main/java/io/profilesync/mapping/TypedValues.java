package io.profilesync.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.profilesync.common.Mask;

/** Converts text to the type a mapping gives its column; a value that cannot be its type is a {@link FieldProblem}. */
final class TypedValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pattern separator;

    TypedValues(String arraySeparator) {
        this.separator = Pattern.compile(Pattern.quote(arraySeparator));
    }

    /** The converted value: text (dates) or a JSON node (number, boolean, array); empty when it cannot be its type. */
    Optional<Object> convert(ValueType type, String text) {
        return switch (type) {
            case STRING -> Optional.of(text);
            case DATE -> Values.calendarDate(text).map(Object.class::cast);
            case DATETIME -> Values.utcDateTime(text).map(Object.class::cast);
            case NUMBER -> Values.number(text).map(NODES::numberNode);
            case BOOLEAN -> Values.bool(text).map(NODES::booleanNode);
            case ARRAY -> array(text).map(Object.class::cast);
        };
    }

    /**
     * A value the file typed itself (Parquet, see {@code ingest.SourceRow#typed}) as the mapping's type, or as its own
     * type when the mapping gives none: a number, boolean, date, instant or list is converted as it is, never
     * written as text and read back, where the mapping's type is its own; any other pair goes through its text,
     * as a CSV value would. Empty when it cannot be that type.
     */
    Optional<Object> convert(ValueType mapped, Object value) {
        ValueType type = mapped != null ? mapped : implied(value);
        return switch (type) {
            case STRING -> Optional.of(text(value));
            case NUMBER -> value instanceof Number number ? decimal(number).map(NODES::numberNode) : convert(type, text(value));
            case BOOLEAN -> value instanceof Boolean bool ? Optional.of(NODES.booleanNode(bool)) : convert(type, text(value));
            case DATE -> value instanceof LocalDate date ? Optional.of(Values.calendarDate(date))
                    : value instanceof Instant instant ? Optional.of(Values.calendarDate(LocalDate.ofInstant(instant, ZoneOffset.UTC)))
                    : convert(type, text(value));
            case DATETIME -> value instanceof Instant instant ? Optional.of(Values.utcDateTime(instant))
                    : value instanceof LocalDate date ? Optional.of(Values.utcDateTime(date.atStartOfDay(ZoneOffset.UTC).toInstant()))
                    : convert(type, text(value));
            case ARRAY -> value instanceof List<?> list ? Optional.of(array(list)) : convert(type, text(value));
        };
    }

    /** The type a typed value has of itself. */
    static ValueType implied(Object value) {
        if (value instanceof Number) {
            return ValueType.NUMBER;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
        }
        if (value instanceof LocalDate) {
            return ValueType.DATE;
        }
        if (value instanceof Instant) {
            return ValueType.DATETIME;
        }
        return value instanceof List ? ValueType.ARRAY : ValueType.STRING;
    }

    /** A typed value's text: what a CSV file would hold for it. */
    static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof List<?> list) {
            return array(list).toString();
        }
        return value.toString();
    }

    /** A number as the decimal a CSV value becomes; a float's shortest text, so 1.1f stays 1.1; NaN is none. */
    private static Optional<BigDecimal> decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return Optional.of(plain(decimal));
        }
        if (number instanceof Long || number instanceof Integer) {
            return Optional.of(BigDecimal.valueOf(number.longValue()));
        }
        double value = number.doubleValue();
        return Double.isFinite(value) ? Optional.of(plain(new BigDecimal(number.toString()))) : Optional.empty();
    }

    /**
     * Without a negative scale, whose text is in exponent form: a double of 20,000,000 reads "2.0E7", the decimal
     * 2.0E+7; as 20000000 it is the decimal a CSV cell of 20000000 becomes, so the JSON numbers both files give are the
     * same bytes. (Text taken of a typed decimal is plain at any scale: {@code Values#scalarText}.)
     */
    private static BigDecimal plain(BigDecimal decimal) {
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }

    private static ArrayNode array(List<?> list) {
        ArrayNode elements = NODES.arrayNode(list.size());
        for (Object element : list) {
            if (element instanceof Boolean bool) {
                elements.add(bool);
            } else if (element instanceof Number number && decimal(number).isPresent()) {
                elements.add(NODES.numberNode(decimal(number).get()));
            } else {
                elements.add(text(element));
            }
        }
        return elements;
    }

    static FieldProblem problem(String field, ValueType type, String text) {
        String expected = switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case DATE -> "a date (YYYY-MM-DD, or an RFC 3339 date-time)";
            case DATETIME -> "an RFC 3339 date-time with an offset, or a date";
            case ARRAY -> "a JSON array or values separated by the mapping's array_separator";
            case STRING -> "text";
        };
        return new FieldProblem(field, "type(" + type.rule() + ")", field + " must be " + expected + ", got '"
                + Mask.secret(text) + "'");
    }

    private Optional<JsonNode> array(String text) {
        if (text.startsWith("[")) {
            try {
                JsonNode parsed = JSON.readTree(text);
                return parsed != null && parsed.isArray() ? Optional.of(parsed) : Optional.empty();
            } catch (JsonProcessingException notJson) {
                return Optional.empty();
            }
        }
        ArrayNode elements = NODES.arrayNode();
        for (String element : separator.split(text, -1)) {
            if (!element.isBlank()) {
                elements.add(element.strip());
            }
        }
        return Optional.of(elements);
    }
}
