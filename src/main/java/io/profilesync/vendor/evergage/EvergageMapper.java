package io.profilesync.vendor.evergage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
 * names account attributes, to one account per account name: the file's last row for it wins, and accounts
 * come out in the order of their last rows. Past {@link #ACCOUNTS_IN_MEMORY} accounts they wait in a temporary
 * file ({@link LastAccounts}), so a file with any number of accounts fits the function's memory.
 */
final class EvergageMapper implements VendorMapper {

    public static final String ACCOUNTS = "accounts";
    /** Accounts held in memory until the end of the file; more go to a temporary file (about 2 MB of accounts of 200 bytes). */
    static final int ACCOUNTS_IN_MEMORY = 10_000;
    /** Evergage documents no batch limit: these are ours, which configuration may lower. */
    static final BatchLimits LIMITS = new BatchLimits(500, 5_000_000);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BatchFormat FORMAT = JsonArrayFormat.array(LIMITS);

    private final EvergageOptions options;
    private final Set<String> consumed = new HashSet<>();
    private final LastAccounts accounts;

    EvergageMapper(EvergageOptions options) {
        this(options, ACCOUNTS_IN_MEMORY);
    }

    EvergageMapper(EvergageOptions options, int accountsInMemory) {
        this.options = options;
        this.accounts = new LastAccounts(accountsInMemory);
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
        if (accountName != null) {
            rememberAccount(accountName, row);
        }
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
        return MappedRow.accepted(new OutboundItem(OutboundItem.USERS, row.line(), null, user));
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
        row.structured().forEach((field, value) -> attributes.put(options.rename().getOrDefault(field, field), value.toString()));
        return attributes;
    }

    private void rememberAccount(String accountName, CanonicalRow row) {
        if (options.accountAttributes().isEmpty()) {
            return;
        }
        ObjectNode account = NODES.objectNode();
        account.put("name", accountName);
        ObjectNode attributes = account.putObject("attributes");
        options.accountAttributes().forEach((attribute, field) -> {
            if (row.has(field)) {
                attributes.put(attribute, row.get(field));
            }
        });
        accounts.put(accountName, new OutboundItem(ACCOUNTS, row.line(), null, JsonTrees.toBytes(account)));
    }

    /** Accounts held in memory now. */
    int accountsHeld() {
        return accounts.held();
    }

    @Override
    public void finish(Consumer<OutboundItem> out) {
        accounts.drain(out);
    }
}
