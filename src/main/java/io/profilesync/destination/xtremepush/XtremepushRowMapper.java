package io.profilesync.destination.xtremepush;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.Columns;
import io.profilesync.common.Mask;
import io.profilesync.common.PerColumns;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.mapping.Values;
import io.profilesync.destination.Identifiers;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;

/**
 * Maps rows to Xtremepush profile rows: the id, email with its subscription, mobile number with its
 * subscription, and every other field as a column; JSON values become escaped JSON strings as documented.
 */
final class XtremepushRowMapper implements DestinationMapper {

    private static final String EMAIL = "email";
    private static final String EMAIL_SUBSCRIPTION = "email_subscription";
    private static final String MOBILE_NUMBER = "mobile_number";
    private static final String SMS_SUBSCRIPTION = "sms_subscription";

    private final XtremepushOptions options;
    private final Set<String> consumed;
    private final XtremepushFormat format = new XtremepushFormat();
    private final PerColumns<Positions> positions = new PerColumns<>(this::positions);
    private final ProfileColumns profile = new ProfileColumns();

    /**
     * Where a file's columns hold the fields a profile is made of.
     *
     * @param custom per column, its column name when it is a column of its own, else null
     * @param namesMayRepeat whether two of the profile's columns can have one name (a rename onto another's)
     */
    private record Positions(int id, int email, int emailOptIn, int phone, int smsOptIn, String[] custom,
            boolean namesMayRepeat) {
    }

    XtremepushRowMapper(XtremepushOptions options) {
        this.options = options;
        this.consumed = Set.of(options.id(), Fields.EMAIL, Fields.EMAIL_OPTIN, Fields.PHONE, Fields.SMS_OPTIN);
    }

    private Positions positions(Columns columns) {
        String[] custom = new String[columns.size()];
        Set<String> names = new HashSet<>(List.of(options.id(), EMAIL, EMAIL_SUBSCRIPTION, MOBILE_NUMBER, SMS_SUBSCRIPTION));
        boolean namesMayRepeat = false;
        for (int i = 0; i < custom.length; i++) {
            if (!consumed.contains(columns.name(i))) {
                custom[i] = column(columns.name(i));
                namesMayRepeat |= !names.add(custom[i]);
            }
        }
        return new Positions(columns.indexOf(options.id()), columns.indexOf(Fields.EMAIL),
                columns.indexOf(Fields.EMAIL_OPTIN), columns.indexOf(Fields.PHONE), columns.indexOf(Fields.SMS_OPTIN), custom,
                namesMayRepeat);
    }

    @Override
    public BatchFormat format(String stream) {
        return format;
    }

    @Override
    public MappedRow map(CanonicalRow row) {
        Positions at = positions.of(row.columns());
        List<Violation> violations = new ArrayList<>();
        // a structured field is one of the row's columns, so only its sharing a field with a text value repeats a name
        profile.clear(at.namesMayRepeat() || row.hasTextAndStructuredField());
        String id = row.get(at.id());
        if (id == null) {
            violations.add(new Violation(options.id(), "required", "a " + options.id() + " is required"));
        } else {
            profile.put(options.id(), id);
        }
        contact(row, at.email(), at.emailOptIn(), Fields.EMAIL, Fields.EMAIL_OPTIN, EMAIL, EMAIL_SUBSCRIPTION, violations);
        contact(row, at.phone(), at.smsOptIn(), Fields.PHONE, Fields.SMS_OPTIN, MOBILE_NUMBER, SMS_SUBSCRIPTION, violations);
        for (int i = 0; i < at.custom().length; i++) {
            String value = row.text(i);
            if (value != null && at.custom()[i] != null) {
                profile.put(at.custom()[i], value);
            }
        }
        // typed and nested values as the JSON text the docs ask for ("must be provided as a JSON string")
        row.structured().forEach((field, value) -> {
            if (!consumed.contains(field)) {
                profile.put(column(field), Values.jsonText(value));
            }
        });
        if (!violations.isEmpty()) {
            return MappedRow.rejected(violations);
        }
        // profile import: "import or update the system fields for user profiles" (email, mobile_number) of the user_id
        // (https://docs.xtremepush.com/reference/user-profile-import): a new value is sent with the row itself
        List<OutboundItem> items = new ArrayList<>(3);
        items.add(format.item(row.line(), id, profile));
        String phone = row.get(at.phone());
        Identifiers.add(items, row.line(), id, EMAIL, row.get(at.email()));
        Identifiers.add(items, row.line(), id, MOBILE_NUMBER, phone == null ? null : Values.compactPhone(phone));
        return new MappedRow(items, List.of());
    }

    @Override
    public String userKey(CanonicalRow row) {
        return row.get(positions.of(row.columns()).id());
    }

    /** A contact value and its subscription flag: the destination requires the flag whenever the value is set. */
    private void contact(CanonicalRow row, int position, int optInPosition, String field, String optInField, String column,
            String subscriptionColumn, List<Violation> violations) {
        String value = row.get(position);
        String optIn = row.get(optInPosition);
        Optional<Boolean> subscribed = optIn == null ? Optional.empty() : Values.bool(optIn);
        if (optIn != null && subscribed.isEmpty()) {
            violations.add(new Violation(optInField, "type(boolean)", optInField + " must be true or false, got '"
                    + Mask.secret(optIn) + "'"));
        }
        if (value == null) {
            return;
        }
        if (optIn == null) {
            violations.add(new Violation(optInField, "required(" + subscriptionColumn + ")",
                    column + " needs " + subscriptionColumn + ", taken from " + optInField));
        }
        if (column.equals(MOBILE_NUMBER)) {
            String compact = Values.compactPhone(value);
            if (!Values.isPhone(compact, true)) {
                violations.add(new Violation(field, "type(phone digits)",
                        "mobile_number must be 7 to 15 digits with an optional leading +, got " + Mask.phone(value)));
                return;
            }
            profile.put(column, Long.parseLong(compact.startsWith("+") ? compact.substring(1) : compact));
        } else {
            profile.put(column, value);
        }
        subscribed.ifPresent(flag -> profile.put(subscriptionColumn, flag ? 1 : 0));
    }

    private String column(String field) {
        return options.rename().getOrDefault(field, field);
    }
}
