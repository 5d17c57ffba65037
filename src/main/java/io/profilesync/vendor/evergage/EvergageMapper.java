package io.profilesync.vendor.evergage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.JsonArrayFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.JsonTrees;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.vendor.MappedRow;
import io.profilesync.vendor.VendorMapper;
import io.profilesync.vendor.Violation;

/**
 * Maps rows to Evergage users ({@code name}, {@code accountName}, string attributes) and, when the mapping
 * names account attributes, to an account keyed by its name: as for users, the file's last row for an account
 * wins (the splitter keeps the last item per key).
 */
final class EvergageMapper implements VendorMapper {

    public static final String ACCOUNTS = "accounts";
    /** Evergage documents no batch limit: these are ours, which configuration may lower. */
    static final BatchLimits LIMITS = new BatchLimits(500, 5_000_000);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BatchFormat FORMAT = JsonArrayFormat.array(LIMITS);

    private final EvergageOptions options;
    private final Set<String> consumed = new HashSet<>();

    EvergageMapper(EvergageOptions options) {
        this.options = options;
        consumed.add(Fields.USER_ID);
        consumed.add(Fields.ACCOUNT_NAME);
        consumed.addAll(options.accountAttributes().values());
    }

    @Override
    public BatchFormat format(String stream) {
        return FORMAT;
    }

    @Override
    public MappedRow map(CanonicalRow row) {
        String name = row.get(Fields.USER_ID);
        if (name == null) {
            return MappedRow.rejected(List.of(new Violation(Fields.USER_ID, "required", "a user id (name) is required")));
        }
        String accountName = row.get(Fields.ACCOUNT_NAME);
        Map<String, String> renamed = renamedAttributes(row);
        // written straight to JSON: the user is only ever sent, and a tree per row would cost more than the writing
        byte[] user = JsonTrees.toBytes(json -> {
            json.writeStartObject();
            json.writeStringField("name", name);
            if (accountName != null) {
                json.writeStringField("accountName", accountName);
            }
            json.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> attribute : renamed != null ? renamed.entrySet() : row.values().entrySet()) {
                if (renamed != null || !consumed.contains(attribute.getKey())) {
                    json.writeStringField(attribute.getKey(), attribute.getValue());
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        });
        OutboundItem userItem = OutboundItem.user(row.line(), name, user);
        return accountName == null || options.accountAttributes().isEmpty() ? MappedRow.accepted(userItem)
                : MappedRow.accepted(userItem, account(accountName, row));
    }

    /**
     * The user's attributes (every value as a string) when renames or nested values make them differ from the
     * row's own fields, where a rename can make two fields one attribute (the last value wins); null when the
     * row's fields, less the consumed ones, are the attributes.
     */
    private Map<String, String> renamedAttributes(CanonicalRow row) {
        if (options.rename().isEmpty() && row.structured().isEmpty()) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        row.values().forEach((field, value) -> {
            if (!consumed.contains(field)) {
                attributes.put(options.rename().getOrDefault(field, field), value);
            }
        });
        row.structured().forEach((field, value) -> {
            if (!consumed.contains(field)) {
                attributes.put(options.rename().getOrDefault(field, field), value.toString());
            }
        });
        return attributes;
    }

    private OutboundItem account(String accountName, CanonicalRow row) {
        ObjectNode account = NODES.objectNode();
        account.put("name", accountName);
        ObjectNode attributes = account.putObject("attributes");
        options.accountAttributes().forEach((attribute, field) -> {
            if (row.has(field)) {
                attributes.put(attribute, row.get(field));
            }
        });
        return new OutboundItem(ACCOUNTS, row.line(), accountName, null, JsonTrees.toBytes(account));
    }
}
