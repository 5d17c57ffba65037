package io.profilesync.vendor.insider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.JsonArrayFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.JsonTrees;
import io.profilesync.common.Mask;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.mapping.Values;
import io.profilesync.vendor.MappedRow;
import io.profilesync.vendor.VendorMapper;
import io.profilesync.vendor.Violation;

/** Maps rows to Insider users: identifiers, typed attributes, custom attributes and events. */
final class InsiderUserMapper implements VendorMapper {

    /** Insider's documented limits: 1,000 users and 5,000,000 bytes per request. */
    static final int MAX_USERS = 1_000;
    static final long MAX_REQUEST_BYTES = 5_000_000;
    /** Bytes kept free for what the poster adds at send time ({@code error_callback_endpoint}). */
    static final long POSTER_RESERVE_BYTES = 4_096;

    static final String EMAIL_RULE = "regexp(^.+@.+\\..+$)";
    static final String PHONE_RULE = "regexp(^\\+[1-9]\\d{6,14}$)";
    private static final Pattern EMAIL = Pattern.compile("^.+@.+\\..+$");
    private static final Pattern PHONE = Pattern.compile("^\\+[1-9]\\d{6,14}$");
    private static final Map<String, List<String>> REQUIRED_EVENT_PARAMS = Map.of(
            "purchase", List.of("event_group_id", "unit_sale_price", "currency", "quantity"),
            "cart_page_view", List.of("event_group_id", "unit_sale_price", "currency"));
    /** In a fixed order: the same row must give the same bytes in every process (change detection compares them). */
    private static final Map<String, String> TEXT_ATTRIBUTES = new TreeMap<>(Map.of(
            Fields.FIRST_NAME, "name", Fields.LAST_NAME, "surname", Fields.GENDER, "gender",
            Fields.LANGUAGE, "language", Fields.COUNTRY, "country", Fields.CITY, "city"));
    /** Insider's identifiers, in the order that picks a user's key when a row has several. */
    private static final List<String> KEY_ORDER = List.of("uuid", "email", "phone_number");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final InsiderOptions options;
    private final Set<String> consumed = new HashSet<>();
    private final AttributeFields attributeFields;
    private final JsonArrayFormat format;

    InsiderUserMapper(InsiderOptions options) {
        this.options = options;
        consumed.addAll(Fields.CONVENTIONAL);
        consumed.remove(Fields.ACCOUNT_NAME);
        consumed.addAll(options.identifiers().values());
        consumed.addAll(options.customIdentifiers().values());
        if (options.insiderId() != null) {
            consumed.add(options.insiderId());
        }
        this.format = format(options.skipHook());
        List<String> textFields = new ArrayList<>();
        List<String> textAttributes = new ArrayList<>();
        TEXT_ATTRIBUTES.forEach((field, attribute) -> {
            if (!options.identifiers().containsValue(field)) {
                textFields.add(field);
                textAttributes.add(attribute);
            }
        });
        this.attributeFields = new AttributeFields(textFields.toArray(String[]::new), textAttributes.toArray(String[]::new),
                Set.copyOf(consumed), options.rename(), options.events());
    }

    static JsonArrayFormat format(boolean skipHook) {
        String prefix = skipHook ? "{\"skip_hook\":true,\"users\":[" : "{\"users\":[";
        return new JsonArrayFormat(new BatchLimits(MAX_USERS, MAX_REQUEST_BYTES - POSTER_RESERVE_BYTES), prefix, "]}");
    }

    @Override
    public BatchFormat format(String stream) {
        return format;
    }

    @Override
    public MappedRow map(CanonicalRow row) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode identifiers = identifiers(row, violations);
        String insiderId = row.get(options.insiderId());
        if (identifiers.isEmpty() && insiderId == null) {
            // Insider takes any one documented identifier: insider_id, uuid, email, phone_number or a custom one
            violations.add(new Violation("identifiers", "required", "either insider_id or identifiers must be specified"));
        }
        InsiderAttributes attributes = attributes(row, violations);
        JsonNode events = InsiderEvents.validated(row.structured().get(options.events()), options.events(), violations);
        if (attributes.isEmpty() && events == null) {
            violations.add(new Violation("attributes", "required", "attributes or events are required"));
        }
        if (!violations.isEmpty()) {
            return MappedRow.rejected(violations);
        }
        byte[] user = JsonTrees.toBytes(json -> {
            json.writeStartObject();
            if (insiderId != null) {
                json.writeStringField("insider_id", insiderId);
            }
            if (!identifiers.isEmpty()) {
                json.writeFieldName("identifiers");
                JsonTrees.write(json, identifiers);
            }
            if (!attributes.isEmpty()) {
                json.writeFieldName("attributes");
                attributes.write(json);
            }
            if (events != null) {
                json.writeFieldName("events");
                JsonTrees.write(json, events);
            }
            if (options.append() != null) {
                json.writeBooleanField("append", options.append());
            }
            json.writeEndObject();
        });
        return MappedRow.accepted(OutboundItem.user(row.line(), key(insiderId, identifiers), user));
    }

    /** Who the user is at Insider: its insider_id, else its first identifier in {@link #KEY_ORDER}, else a custom one. */
    private static String key(String insiderId, ObjectNode identifiers) {
        if (insiderId != null) {
            return "insider_id:" + insiderId;
        }
        for (String name : KEY_ORDER) {
            if (identifiers.has(name)) {
                return name + ":" + identifiers.get(name).asText();
            }
        }
        var custom = identifiers.get("custom").fields().next();
        return "custom." + custom.getKey() + ":" + custom.getValue().asText();
    }

    private ObjectNode identifiers(CanonicalRow row, List<Violation> violations) {
        ObjectNode identifiers = NODES.objectNode();
        for (Map.Entry<String, String> identifier : options.identifiers().entrySet()) {
            String field = identifier.getValue();
            String value = row.get(field);
            if (value == null) {
                continue;
            }
            switch (identifier.getKey()) {
                case "email" -> {
                    if (!EMAIL.matcher(value).matches()) {
                        violations.add(new Violation(field, EMAIL_RULE, "not a valid email address: " + Mask.email(value)));
                    }
                }
                case "phone_number" -> {
                    String original = value;
                    value = Values.compactPhone(value);
                    if (!PHONE.matcher(value).matches()) {
                        violations.add(new Violation(field, PHONE_RULE, "not a valid E.164 phone number: " + Mask.phone(original)));
                    }
                }
                default -> { }
            }
            identifiers.put(identifier.getKey(), value);
        }
        ObjectNode custom = NODES.objectNode();
        options.customIdentifiers().forEach((name, field) -> {
            if (row.has(field)) {
                custom.put(name, row.get(field));
            }
        });
        if (!custom.isEmpty()) {
            identifiers.set("custom", custom);
        }
        return identifiers;
    }

    private InsiderAttributes attributes(CanonicalRow row, List<Violation> violations) {
        BigDecimal age = typed(row, Fields.AGE, "type(number)", "must be a number", Values::number, violations).orElse(null);
        // a birthday is a calendar date: 1993-03-12T00:00:00+02:00 is the 12th, never the 11th in UTC
        String birthday = typed(row, Fields.BIRTHDAY, "type(date)", "must be a date or an RFC 3339 date-time",
                Values::calendarDate, violations).orElse(null);
        Boolean[] optIns = new Boolean[Fields.OPT_INS.size()];
        for (int i = 0; i < optIns.length; i++) {
            optIns[i] = typed(row, Fields.OPT_INS.get(i), "type(boolean)", "must be true or false", Values::bool, violations)
                    .orElse(null);
        }
        return new InsiderAttributes(row, attributeFields, age, birthday, optIns);
    }

    private static <T> Optional<T> typed(CanonicalRow row, String field, String rule, String expectation,
            Function<String, Optional<T>> conversion, List<Violation> violations) {
        String text = row.get(field);
        if (text == null) {
            return Optional.empty();
        }
        Optional<T> value = conversion.apply(text);
        if (value.isEmpty()) {
            violations.add(new Violation(field, rule, field + " " + expectation + ", got '" + Mask.secret(text) + "'"));
        }
        return value;
    }

    static Map<String, List<String>> requiredEventParams() {
        return REQUIRED_EVENT_PARAMS;
    }
}
