package io.profilesync.destination.insider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.JsonArrayFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.JsonWriter;
import io.profilesync.common.PerColumns;
import io.profilesync.common.Mask;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.mapping.Values;
import io.profilesync.destination.Identifiers;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;

/** Maps rows to Insider users: identifiers, typed attributes, custom attributes and events. */
final class InsiderUserMapper implements DestinationMapper {

    /** Insider's documented limits: 1,000 users and 5,000,000 bytes per request. */
    static final int MAX_USERS = 1_000;
    static final long MAX_REQUEST_BYTES = 5_000_000;
    /** Bytes kept free for what the poster adds at send time ({@code error_callback_endpoint}). */
    static final long POSTER_RESERVE_BYTES = 4_096;

    /** One user's identifiers a request, as the Delete User Profile page's body and samples show; its 5 MB is ample. */
    private static final JsonArrayFormat DELETE_FORMAT = new JsonArrayFormat(new BatchLimits(1, MAX_REQUEST_BYTES), "", "");

    static final String EMAIL_RULE = "regexp(^.+@.+\\..+$)";
    static final String PHONE_RULE = "regexp(^\\+[1-9]\\d{6,14}$)";
    private static final Map<String, List<String>> REQUIRED_EVENT_PARAMS = Map.of(
            "purchase", List.of("event_group_id", "unit_sale_price", "currency", "quantity"),
            "cart_page_view", List.of("event_group_id", "unit_sale_price", "currency"));
    /** In a fixed order: the same row must give the same bytes in every process (change detection compares them). */
    static final Map<String, String> TEXT_ATTRIBUTES = new TreeMap<>(Map.of(
            Fields.FIRST_NAME, "name", Fields.LAST_NAME, "surname", Fields.GENDER, "gender",
            Fields.LANGUAGE, "language", Fields.COUNTRY, "country", Fields.CITY, "city"));

    private final InsiderOptions options;
    private final Set<String> consumed = new HashSet<>();
    private final AttributeFields attributeFields;
    private final JsonArrayFormat format;
    private final String[] identifierNames;
    private final String[] identifierFields;
    private final String[] customIdentifierNames;
    private final PerColumns<UserPositions> positions;

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
        this.identifierNames = options.identifiers().keySet().toArray(String[]::new);
        this.identifierFields = options.identifiers().values().toArray(String[]::new);
        this.customIdentifierNames = options.customIdentifiers().keySet().toArray(String[]::new);
        this.positions = new PerColumns<>(columns -> UserPositions.of(columns, options, attributeFields));
    }

    static JsonArrayFormat format(boolean skipHook) {
        String prefix = skipHook ? "{\"skip_hook\":true,\"users\":[" : "{\"users\":[";
        return new JsonArrayFormat(new BatchLimits(MAX_USERS, MAX_REQUEST_BYTES - POSTER_RESERVE_BYTES), prefix, "]}");
    }

    @Override
    public BatchFormat format(String stream) {
        return OutboundItem.DELETES.equals(stream) ? DELETE_FORMAT : format;
    }

    /**
     * Delete User Profile (https://academy.insiderone.com/docs/delete-user-profile-api): the body is one user's
     * {@code identifiers} object ({@code email}, {@code phone_number}, {@code uuid}, {@code custom}), so one user a
     * request. The page names no way to delete by {@code insider_id}: a user keyed by it cannot be deleted (null).
     */
    @Override
    public OutboundItem deletion(long ref, String key) {
        int colon = key.indexOf(':');
        String type = key.substring(0, colon);
        String value = key.substring(colon + 1);
        if (type.equals("insider_id")) {
            return null;
        }
        return new OutboundItem(OutboundItem.DELETES, ref, key, null, JsonWriter.toBytes(json -> {
            json.startObject();
            json.field("identifiers").startObject();
            if (type.startsWith(InsiderIdentifiers.CUSTOM + ".")) {
                json.field(InsiderIdentifiers.CUSTOM).startObject();
                json.stringField(type.substring(InsiderIdentifiers.CUSTOM.length() + 1), value);
                json.endObject();
            } else {
                json.stringField(type, value);
            }
            json.endObject();
            json.endObject();
        }));
    }

    @Override
    public MappedRow map(CanonicalRow row) {
        UserPositions at = positions.of(row.columns());
        List<Violation> violations = new ArrayList<>();
        InsiderIdentifiers identifiers = identifiers(row, at, violations);
        String insiderId = row.get(at.insiderId());
        if (identifiers.isEmpty() && insiderId == null) {
            // Insider takes any one documented identifier: insider_id, uuid, email, phone_number or a custom one
            violations.add(new Violation("identifiers", "required", "either insider_id or identifiers must be specified"));
        }
        InsiderAttributes attributes = attributes(row, at, violations);
        JsonNode events = InsiderEvents.validated(row.structured().get(options.events()), options.events(), violations);
        if (attributes.isEmpty() && events == null) {
            violations.add(new Violation("attributes", "required", "attributes or events are required"));
        }
        if (!violations.isEmpty()) {
            return MappedRow.rejected(violations);
        }
        String key = identifiers.key(insiderId);
        List<OutboundItem> items = new ArrayList<>();
        items.add(OutboundItem.user(row.line(), key, json -> {
            json.startObject();
            if (insiderId != null) {
                json.stringField("insider_id", insiderId);
            }
            if (!identifiers.isEmpty()) {
                identifiers.write(json.field("identifiers"));
            }
            if (!attributes.isEmpty()) {
                attributes.write(json.field("attributes"));
            }
            if (events != null) {
                json.field("events").node(events);
            }
            if (options.append() != null) {
                json.booleanField("append", options.append());
            }
            json.endObject();
        }));
        identifiers.others(key, (name, value) -> Identifiers.add(items, row.line(), key, name, value));
        return new MappedRow(items, List.of());
    }

    /**
     * Upsert User Data: "The Upsert API can add or modify attributes, but will not change an existing identifier";
     * Update Identifiers ({@code PATCH /api/user/v1/identity}) does, from the old value, which profile-sync does not
     * keep (https://academy.insiderone.com/docs/upsert-user-data-api,
     * https://academy.insiderone.com/docs/update-identifiers-api).
     */
    @Override
    public Identifiers.Handling identifierHandling() {
        return Identifiers.Handling.REPORTED;
    }

    @Override
    public String userKey(CanonicalRow row) {
        UserPositions at = positions.of(row.columns());
        InsiderIdentifiers identifiers = identifiers(row, at, new ArrayList<>());
        String insiderId = row.get(at.insiderId());
        return identifiers.isEmpty() && insiderId == null ? null : identifiers.key(insiderId);
    }

    private InsiderIdentifiers identifiers(CanonicalRow row, UserPositions at, List<Violation> violations) {
        String[] values = new String[identifierNames.length];
        for (int i = 0; i < values.length; i++) {
            String value = row.get(at.identifiers()[i]);
            if (value == null) {
                continue;
            }
            String field = identifierFields[i];
            switch (identifierNames[i]) {
                case "email" -> {
                    if (!Values.isEmail(value)) {
                        violations.add(new Violation(field, EMAIL_RULE, "not a valid email address: " + Mask.email(value)));
                    }
                }
                case "phone_number" -> {
                    String original = value;
                    value = Values.compactPhone(value);
                    if (!Values.isPhone(value, false)) {
                        violations.add(new Violation(field, PHONE_RULE, "not a valid E.164 phone number: " + Mask.phone(original)));
                    }
                }
                default -> { }
            }
            values[i] = value;
        }
        String[] customValues = new String[customIdentifierNames.length];
        for (int i = 0; i < customValues.length; i++) {
            customValues[i] = row.get(at.customIdentifiers()[i]);
        }
        return new InsiderIdentifiers(identifierNames, values, customIdentifierNames, customValues);
    }

    private InsiderAttributes attributes(CanonicalRow row, UserPositions at, List<Violation> violations) {
        BigDecimal age = typed(row, at.age(), Fields.AGE, "type(number)", "must be a number", Values::number,
                node -> node.isNumber() ? node.decimalValue() : null, violations);
        // a birthday is a calendar date: 1993-03-12T00:00:00+02:00 is the 12th, never the 11th in UTC
        String birthday = typed(row, at.birthday(), Fields.BIRTHDAY, "type(date)", "must be a date or an RFC 3339 date-time",
                Values::calendarDate, node -> null, violations);
        Boolean[] optIns = new Boolean[Fields.OPT_INS.size()];
        for (int i = 0; i < optIns.length; i++) {
            optIns[i] = typed(row, at.optIns()[i], Fields.OPT_INS.get(i), "type(boolean)", "must be true or false",
                    Values::bool, node -> node.isBoolean() ? node.booleanValue() : null, violations);
        }
        return new InsiderAttributes(row, at, attributeFields, age, birthday, optIns);
    }

    /**
     * The field's value converted, or null when the row has none or it cannot be converted (a violation then). A value
     * already typed (a file's or the mapping's number or boolean) is taken as it is, {@code asTyped}, never through its
     * text: a decimal's text can be in exponent form (1.0E+10), which a number written in a CSV cell never is.
     */
    private static <T> T typed(CanonicalRow row, int position, String field, String rule, String expectation,
            Function<String, Optional<T>> conversion, Function<JsonNode, T> asTyped, List<Violation> violations) {
        JsonNode typed = row.typed(position);
        T value = typed == null ? null : asTyped.apply(typed);
        if (value != null) {
            return value;
        }
        String text = row.get(position);
        if (text == null) {
            return null;
        }
        Optional<T> converted = conversion.apply(text);
        if (converted.isEmpty()) {
            violations.add(new Violation(field, rule, field + " " + expectation + ", got '" + Mask.secret(text) + "'"));
        }
        return converted.orElse(null);
    }

    static Map<String, List<String>> requiredEventParams() {
        return REQUIRED_EVENT_PARAMS;
    }
}
