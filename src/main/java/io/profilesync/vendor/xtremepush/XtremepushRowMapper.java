package io.profilesync.vendor.xtremepush;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.common.Mask;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.mapping.Values;
import io.profilesync.vendor.MappedRow;
import io.profilesync.vendor.VendorMapper;
import io.profilesync.vendor.Violation;

/**
 * Maps rows to Xtremepush profile rows: the id, email with its subscription, mobile number with its
 * subscription, and every other field as a column; JSON values become escaped JSON strings as documented.
 */
final class XtremepushRowMapper implements VendorMapper {

    private static final Pattern PHONE = Pattern.compile("^\\+?[1-9]\\d{6,14}$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final XtremepushOptions options;
    private final Set<String> consumed;
    private final XtremepushFormat format = new XtremepushFormat();

    XtremepushRowMapper(XtremepushOptions options) {
        this.options = options;
        this.consumed = Set.of(options.id(), Fields.EMAIL, Fields.EMAIL_OPTIN, Fields.PHONE, Fields.SMS_OPTIN);
    }

    @Override
    public BatchFormat format(String stream) {
        return format;
    }

    @Override
    public MappedRow map(CanonicalRow row) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode profile = NODES.objectNode();
        String id = row.get(options.id());
        if (id == null) {
            violations.add(new Violation(options.id(), "required", "a " + options.id() + " is required"));
        } else {
            profile.put(options.id(), id);
        }
        contact(row, Fields.EMAIL, Fields.EMAIL_OPTIN, "email", "email_subscription", violations, profile);
        contact(row, Fields.PHONE, Fields.SMS_OPTIN, "mobile_number", "sms_subscription", violations, profile);
        row.values().forEach((field, value) -> {
            if (!consumed.contains(field)) {
                profile.put(column(field), value);
            }
        });
        // typed and nested values as the JSON text the docs ask for ("must be provided as a JSON string")
        row.structured().forEach((field, value) -> {
            if (!consumed.contains(field)) {
                profile.put(column(field), value.toString());
            }
        });
        return violations.isEmpty()
                ? MappedRow.accepted(format.item(row.line(), id, profile))
                : MappedRow.rejected(violations);
    }

    /** A contact value and its subscription flag: the vendor requires the flag whenever the value is set. */
    private void contact(CanonicalRow row, String field, String optInField, String column, String subscriptionColumn,
            List<Violation> violations, ObjectNode profile) {
        String value = row.get(field);
        String optIn = row.get(optInField);
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
        if (column.equals("mobile_number")) {
            String compact = Values.compactPhone(value);
            if (!PHONE.matcher(compact).matches()) {
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
