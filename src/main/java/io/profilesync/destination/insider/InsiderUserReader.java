package io.profilesync.destination.insider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.Violation;

/**
 * Reads a user as Insider receives it ({@code insider_id}, {@code identifiers}, {@code attributes}, {@code events},
 * {@code append}) back into a row, and maps that row with {@link InsiderUserMapper}: the rules a file's row
 * meets, and the payload the splitter would send. Only what the mapper can produce passes: an attribute outside
 * Insider's standard ones and {@code attributes.custom} is refused, other top-level keys (such as the error
 * details Insider adds to a callback) are left out.
 */
final class InsiderUserReader {

    private static final String INSIDER_ID = "insider_id";
    private static final String EVENTS = "events";
    private static final String CUSTOM = "custom";
    // the row's field names are prefixed, so that no identifier or custom attribute is taken for another field
    private static final String IDENTIFIER = "identifiers.";
    private static final String CUSTOM_IDENTIFIER = "identifiers.custom.";
    private static final String CUSTOM_ATTRIBUTE = "attributes.custom.";
    /** Insider's standard attribute to the field the mapper makes it of. */
    private static final Map<String, String> STANDARD_ATTRIBUTES = standardAttributes();

    private InsiderUserReader() {
    }

    static MappedRow revalidate(long line, JsonNode user) {
        if (user == null || !user.isObject()) {
            return MappedRow.rejected(List.of(new Violation("user", "type(object)", "a user must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, JsonNode> structured = new LinkedHashMap<>();
        Map<String, String> identifiers = new TreeMap<>();
        Map<String, String> customIdentifiers = new TreeMap<>();
        Map<String, String> rename = new HashMap<>();
        text(INSIDER_ID, user.get(INSIDER_ID), INSIDER_ID, values, violations);
        user.path("identifiers").fields().forEachRemaining(identifier -> {
            if (CUSTOM.equals(identifier.getKey()) && identifier.getValue().isObject()) {
                identifier.getValue().fields().forEachRemaining(custom -> {
                    customIdentifiers.put(custom.getKey(), CUSTOM_IDENTIFIER + custom.getKey());
                    text(CUSTOM_IDENTIFIER + custom.getKey(), custom.getValue(), CUSTOM_IDENTIFIER + custom.getKey(), values, violations);
                });
            } else {
                identifiers.put(identifier.getKey(), IDENTIFIER + identifier.getKey());
                text(IDENTIFIER + identifier.getKey(), identifier.getValue(), IDENTIFIER + identifier.getKey(), values, violations);
            }
        });
        user.path("attributes").fields().forEachRemaining(attribute -> {
            String name = attribute.getKey();
            if (CUSTOM.equals(name) && attribute.getValue().isObject()) {
                attribute.getValue().fields().forEachRemaining(custom -> {
                    rename.put(CUSTOM_ATTRIBUTE + custom.getKey(), custom.getKey());
                    structured.put(CUSTOM_ATTRIBUTE + custom.getKey(), custom.getValue());
                });
            } else if (STANDARD_ATTRIBUTES.containsKey(name)) {
                text("attributes." + name, attribute.getValue(), STANDARD_ATTRIBUTES.get(name), values, violations);
            } else {
                violations.add(new Violation("attributes." + name, "known(attribute)",
                        "not an attribute profile-sync sends: custom attributes go under attributes.custom"));
            }
        });
        if (user.has(EVENTS)) {
            structured.put(EVENTS, user.get(EVENTS));
        }
        if (!violations.isEmpty()) {
            return MappedRow.rejected(violations);
        }
        Boolean append = user.path("append").isBoolean() ? user.get("append").booleanValue() : null;
        InsiderOptions options = new InsiderOptions(identifiers, customIdentifiers, INSIDER_ID, false, append, EVENTS, rename);
        return new InsiderUserMapper(options).map(CanonicalRow.of(line, values, structured, List.of()));
    }

    /** A single value as the row's text; an object or array where Insider takes one value is a violation. */
    private static void text(String path, JsonNode value, String field, Map<String, String> values, List<Violation> violations) {
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isValueNode()) {
            violations.add(new Violation(path, "type(value)", path + " must be a single value, not an object or an array"));
            return;
        }
        String text = value.asText();
        values.put(field, text.isBlank() ? null : text);
    }

    private static Map<String, String> standardAttributes() {
        Map<String, String> attributes = new HashMap<>();
        InsiderUserMapper.TEXT_ATTRIBUTES.forEach((field, attribute) -> attributes.put(attribute, field));
        attributes.put("age", Fields.AGE);
        attributes.put("birthday", Fields.BIRTHDAY);
        Fields.OPT_INS.forEach(optIn -> attributes.put(optIn, optIn));
        return Map.copyOf(attributes);
    }
}
