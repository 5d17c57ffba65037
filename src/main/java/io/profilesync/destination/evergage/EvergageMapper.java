package io.profilesync.destination.evergage;

import java.util.ArrayList;
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
import io.profilesync.common.Columns;
import io.profilesync.common.JsonWriter;
import io.profilesync.common.PerColumns;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.mapping.Values;
import io.profilesync.destination.Identifiers;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;
import io.profilesync.destination.evergage.feed.FeedRules;

/**
 * Maps rows to Evergage users ({@code name}, {@code accountName}, string attributes) and, when the mapping
 * names account attributes, to an account keyed by its name: as for users, the file's last row for an account
 * wins (the splitter keeps the last item per key).
 */
final class EvergageMapper implements DestinationMapper {

    public static final String ACCOUNTS = "accounts";
    /** Evergage documents no batch limit: these are ours, which configuration may lower. */
    static final BatchLimits LIMITS = new BatchLimits(500, 5_000_000);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BatchFormat FORMAT = JsonArrayFormat.array(LIMITS);
    /**
     * With the ETL feed a batch is one feed file, stored as the same JSON array and written as CSV when uploaded:
     * {@link FeedRules#MAX_ROWS} users (no limit is documented) in at most 64 MB of JSON.
     */
    static final BatchLimits FEED_LIMITS = new BatchLimits(FeedRules.MAX_ROWS, 64_000_000);
    private static final BatchFormat FEED_FORMAT = JsonArrayFormat.array(FEED_LIMITS);

    private final EvergageOptions options;
    private final EvergageDelivery delivery;
    private final Set<String> identities;
    private final Set<String> consumed = new HashSet<>();
    private final String[] accountAttributes;
    private final PerColumns<Positions> positions = new PerColumns<>(this::positions);

    /**
     * Where a file's columns hold the fields a user and an account are made of.
     *
     * @param accountAttributes per {@link EvergageOptions#accountAttributes()} entry, in its order, the field's position
     * @param attribute per column, whether it is one of the user's attributes
     * @param email where the email is, an identity type of Personalization's (docs/identifiers.md)
     * @param phone where the phone number is, likewise
     */
    private record Positions(int userId, int accountName, int[] accountAttributes, boolean[] attribute, int email,
            int phone) {
    }

    EvergageMapper(EvergageOptions options, EvergageDelivery delivery) {
        this.options = options;
        this.delivery = delivery;
        this.identities = Set.copyOf(options.identityAttributes());
        consumed.add(Fields.USER_ID);
        consumed.add(Fields.ACCOUNT_NAME);
        consumed.addAll(options.accountAttributes().values());
        this.accountAttributes = options.accountAttributes().keySet().toArray(String[]::new);
    }

    private Positions positions(Columns columns) {
        boolean[] attribute = new boolean[columns.size()];
        for (int i = 0; i < attribute.length; i++) {
            attribute[i] = !consumed.contains(columns.name(i));
        }
        int[] accountPositions = options.accountAttributes().values().stream().mapToInt(columns::indexOf).toArray();
        return new Positions(columns.indexOf(Fields.USER_ID), columns.indexOf(Fields.ACCOUNT_NAME), accountPositions,
                attribute, columns.indexOf(Fields.EMAIL), columns.indexOf(Fields.PHONE));
    }

    @Override
    public BatchFormat format(String stream) {
        return delivery == EvergageDelivery.ETL_FEED ? FEED_FORMAT : FORMAT;
    }

    @Override
    public MappedRow map(CanonicalRow row) {
        Positions at = positions.of(row.columns());
        String name = row.get(at.userId());
        if (name == null) {
            return MappedRow.rejected(List.of(new Violation(Fields.USER_ID, "required", "a user id (name) is required")));
        }
        String accountName = row.get(at.accountName());
        Map<String, String> renamed = renamedAttributes(row, at);
        if (delivery == EvergageDelivery.ETL_FEED) {
            List<Violation> breaches = feedBreaches(name, row, at, renamed);
            if (!breaches.isEmpty()) {
                return MappedRow.rejected(breaches);
            }
        }
        // written straight to JSON: the user is only ever sent, and a tree per row would cost more than the writing
        OutboundItem userItem = OutboundItem.user(row.line(), name, json -> {
            json.startObject();
            json.stringField("name", name);
            if (accountName != null) {
                json.stringField("accountName", accountName);
            }
            json.field("attributes").startObject();
            if (renamed != null) {
                for (Map.Entry<String, String> attribute : renamed.entrySet()) {
                    json.stringField(attribute.getKey(), attribute.getValue());
                }
            } else {
                for (int i = 0; i < at.attribute().length; i++) {
                    String value = row.text(i);
                    if (value != null && at.attribute()[i]) {
                        json.stringField(row.columns().name(i), value);
                    }
                }
                row.structured().forEach((field, value) -> {
                    if (!consumed.contains(field)) {
                        json.stringField(field, Values.jsonText(value));
                    }
                });
            }
            json.endObject();
            json.endObject();
        });
        List<OutboundItem> items = new ArrayList<>(4);
        items.add(userItem);
        // Salesforce Help, Identity Merge Scenarios: "If there are multiple email addresses for a single Customer ID,
        // Personalization stores only the most recent email address": the new value goes with the user (an assumption
        // for this deprecated upsert, docs/identifiers.md)
        Identifiers.add(items, row.line(), name, Fields.EMAIL, row.get(at.email()));
        Identifiers.add(items, row.line(), name, Fields.PHONE, row.get(at.phone()));
        if (accountName != null && !options.accountAttributes().isEmpty()) {
            items.add(account(accountName, row, at));
        }
        return new MappedRow(items, List.of());
    }

    /**
     * The documented User ETL limits this user's values break (https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_user_data_feed.htm,
     * schema; lengths in UTF-8 bytes per .../mc_pers_etl_file_requirements.htm): checked here so that a breach
     * rejects the row for this destination only, instead of failing a whole feed file later.
     */
    private List<Violation> feedBreaches(String name, CanonicalRow row, Positions at, Map<String, String> renamed) {
        List<Violation> breaches = new ArrayList<>();
        FeedRules.breach(null, true, name).ifPresent(breach -> breaches.add(violation(breach)));
        if (renamed != null) {
            renamed.forEach((attribute, value) -> checkAttribute(attribute, value, breaches));
        } else {
            for (int i = 0; i < at.attribute().length; i++) {
                String value = row.text(i);
                if (value != null && at.attribute()[i]) {
                    checkAttribute(row.columns().name(i), value, breaches);
                }
            }
        }
        return breaches;
    }

    private void checkAttribute(String attribute, String value, List<Violation> breaches) {
        FeedRules.breach(attribute, identities.contains(attribute), value)
                .ifPresent(breach -> breaches.add(violation(breach)));
    }

    private static Violation violation(FeedRules.Breach breach) {
        return new Violation(breach.column(), breach.rule(), breach.message());
    }

    @Override
    public String userKey(CanonicalRow row) {
        return row.get(positions.of(row.columns()).userId());
    }

    /**
     * The user's attributes (every value as a string) when renames make them differ from the row's own fields, where
     * a rename can make two fields one attribute (the last value wins), or when the feed's rules check the typed and
     * nested values too; null when the row's text fields, less the consumed ones, then its typed and nested ones are
     * the attributes, in that order, as the user's JSON is written then (no map a row: a Parquet file's typed values
     * made one for every row).
     */
    private Map<String, String> renamedAttributes(CanonicalRow row, Positions at) {
        if (options.rename().isEmpty() && (row.structured().isEmpty() || delivery != EvergageDelivery.ETL_FEED)) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < at.attribute().length; i++) {
            String field = row.columns().name(i);
            if (row.text(i) != null && at.attribute()[i]) {
                attributes.put(options.rename().getOrDefault(field, field), row.text(i));
            }
        }
        row.structured().forEach((field, value) -> {
            if (!consumed.contains(field)) {
                attributes.put(options.rename().getOrDefault(field, field), Values.jsonText(value));
            }
        });
        return attributes;
    }

    private OutboundItem account(String accountName, CanonicalRow row, Positions at) {
        ObjectNode account = NODES.objectNode();
        account.put("name", accountName);
        ObjectNode attributes = account.putObject("attributes");
        for (int i = 0; i < accountAttributes.length; i++) {
            String value = row.get(at.accountAttributes()[i]);
            if (value != null) {
                attributes.put(accountAttributes[i], value);
            }
        }
        return new OutboundItem(ACCOUNTS, row.line(), accountName, null, JsonWriter.toBytes(account));
    }
}
