package io.profilesync.mapping;

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
