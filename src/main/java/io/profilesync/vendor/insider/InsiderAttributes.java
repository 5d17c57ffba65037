package io.profilesync.vendor.insider;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.profilesync.common.JsonTrees;
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

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < fields.textFields().length; i++) {
            String value = row.get(at.textAttributes()[i]);
            if (value != null) {
                json.writeStringField(fields.textAttributes()[i], value);
            }
        }
        if (age != null) {
            json.writeFieldName("age");
            writeAge(json);
        }
        if (birthday != null) {
            json.writeStringField("birthday", birthday);
        }
        for (int i = 0; i < optIns.length; i++) {
            if (optIns[i] != null) {
                json.writeBooleanField(Fields.OPT_INS.get(i), optIns[i]);
            }
        }
        writeCustom(json);
        json.writeEndObject();
    }

    /** Writes {@code "custom": {...}} when the row has custom fields (opened at the first one: one pass over the row). */
    private void writeCustom(JsonGenerator json) throws IOException {
        boolean open = false;
        if (renamedCustom != null) {
            for (Map.Entry<String, JsonNode> field : renamedCustom.entrySet()) {
                open = openCustom(json, open);
                json.writeFieldName(field.getKey());
                JsonTrees.write(json, field.getValue());
            }
        } else {
            for (int i = 0; i < at.custom().length; i++) {
                String value = row.text(i);
                if (value != null && at.custom()[i]) {
                    open = openCustom(json, open);
                    json.writeStringField(row.columns().name(i), value);
                }
            }
            for (Map.Entry<String, JsonNode> field : row.structured().entrySet()) {
                if (isCustomStructured(field.getKey(), fields)) {
                    open = openCustom(json, open);
                    json.writeFieldName(field.getKey());
                    JsonTrees.write(json, field.getValue());
                }
            }
        }
        if (open) {
            json.writeEndObject();
        }
    }

    /**
     * An integer without trailing zeros as its digits, as the number node would write it; any other number through
     * the node, which decides its notation.
     */
    private void writeAge(JsonGenerator json) throws IOException {
        if (age.scale() == 0 && age.precision() < 19 && age.longValue() % 10 != 0) {
            json.writeNumber(age.longValue());
        } else {
            JsonTrees.write(json, NODES.numberNode(age));
        }
    }

    private static boolean openCustom(JsonGenerator json, boolean open) throws IOException {
        if (!open) {
            json.writeObjectFieldStart("custom");
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
