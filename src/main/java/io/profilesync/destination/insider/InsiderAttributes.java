package io.profilesync.destination.insider;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.profilesync.common.JsonWriter;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;

/**
 * A user's {@code attributes}: converted and checked when made (by {@link InsiderUserMapper}), then written
 * straight to JSON. Every row becomes one, so no tree is built: the standard attributes in their order, then
 * {@code custom} with the row's other fields. Only when a rename could make two fields one attribute are the
 * custom ones collected first (the last value wins).
 */
final class InsiderAttributes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CanonicalRow row;
    private final UserPositions at;
    private final AttributeFields fields;
    private final BigDecimal age;
    private final String birthday;
    private final Boolean[] optIns;
    private final Map<String, JsonNode> renamedCustom;
    private final boolean empty;

    InsiderAttributes(CanonicalRow row, UserPositions at, AttributeFields fields, BigDecimal age, String birthday,
            Boolean[] optIns) {
        this.row = row;
        this.at = at;
        this.fields = fields;
        this.age = age;
        this.birthday = birthday;
        this.optIns = optIns;
        this.renamedCustom = fields.rename().isEmpty() ? null : renamedCustom();
        this.empty = !hasStandard() && !hasCustom();
    }

    boolean isEmpty() {
        return empty;
    }

    void write(JsonWriter json) {
        json.startObject();
        for (int i = 0; i < fields.textFields().length; i++) {
            String value = row.get(at.textAttributes()[i]);
            if (value != null) {
                json.stringField(fields.textAttributes()[i], value);
            }
        }
        if (age != null) {
            json.field("age");
            writeAge(json);
        }
        if (birthday != null) {
            json.stringField("birthday", birthday);
        }
        for (int i = 0; i < optIns.length; i++) {
            if (optIns[i] != null) {
                json.booleanField(Fields.OPT_INS.get(i), optIns[i]);
            }
        }
        writeCustom(json);
        json.endObject();
    }

    /** Writes {@code "custom": {...}} when the row has custom fields (opened at the first one: one pass over the row). */
    private void writeCustom(JsonWriter json) {
        boolean open = false;
        if (renamedCustom != null) {
            for (Map.Entry<String, JsonNode> field : renamedCustom.entrySet()) {
                open = openCustom(json, open);
                json.field(field.getKey()).node(field.getValue());
            }
        } else {
            for (int i = 0; i < at.custom().length; i++) {
                String value = row.text(i);
                if (value != null && at.custom()[i]) {
                    open = openCustom(json, open);
                    json.stringField(row.columns().name(i), value);
                }
            }
            for (Map.Entry<String, JsonNode> field : row.structured().entrySet()) {
                if (isCustomStructured(field.getKey(), fields)) {
                    open = openCustom(json, open);
                    json.field(field.getKey()).node(field.getValue());
                }
            }
        }
        if (open) {
            json.endObject();
        }
    }

    /**
     * An integer without trailing zeros as its digits, as the number node would write it; any other number through
     * the node, which decides its notation.
     */
    private void writeAge(JsonWriter json) {
        if (age.scale() == 0 && age.precision() < 19 && age.longValue() % 10 != 0) {
            json.number(age.longValue());
        } else {
            json.node(NODES.numberNode(age));
        }
    }

    private static boolean openCustom(JsonWriter json, boolean open) {
        if (!open) {
            json.field("custom").startObject();
        }
        return true;
    }

    private boolean hasStandard() {
        for (int position : at.textAttributes()) {
            if (row.get(position) != null) {
                return true;
            }
        }
        if (age != null || birthday != null) {
            return true;
        }
        for (Boolean optIn : optIns) {
            if (optIn != null) {
                return true;
            }
        }
        return false;
    }

    private boolean hasCustom() {
        if (renamedCustom != null) {
            return !renamedCustom.isEmpty();
        }
        for (int i = 0; i < at.custom().length; i++) {
            if (at.custom()[i] && row.text(i) != null) {
                return true;
            }
        }
        return row.structured().keySet().stream().anyMatch(field -> isCustomStructured(field, fields));
    }

    private static boolean isCustomStructured(String field, AttributeFields fields) {
        return !field.equals(fields.events()) && !fields.consumed().contains(field);
    }

    private Map<String, JsonNode> renamedCustom() {
        Map<String, JsonNode> custom = new LinkedHashMap<>();
        Map<String, String> rename = fields.rename();
        for (int i = 0; i < at.custom().length; i++) {
            String field = row.columns().name(i);
            if (at.custom()[i] && row.text(i) != null) {
                custom.put(rename.getOrDefault(field, field), NODES.textNode(row.text(i)));
            }
        }
        row.structured().forEach((field, value) -> {
            if (isCustomStructured(field, fields)) {
                custom.put(rename.getOrDefault(field, field), value);
            }
        });
        return custom;
    }
}
