package io.profilesync.destination.insider;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

import io.profilesync.common.JsonWriter;

/**
 * A user's {@code identifiers}, written straight to JSON: the identifiers in the options' order, then
 * {@code custom} with the custom ones (in the place of an identifier named {@code custom}, should one be).
 */
final class InsiderIdentifiers {

    /** Insider's identifiers, in the order that picks a user's key when a row has several. */
    private static final List<String> KEY_ORDER = List.of("uuid", "email", "phone_number");
    static final String CUSTOM = "custom";

    private final String[] names;
    private final String[] values;
    private final String[] customNames;
    private final String[] customValues;
    private final boolean hasCustom;

    /** @param values per name, the row's value, or null */
    InsiderIdentifiers(String[] names, String[] values, String[] customNames, String[] customValues) {
        this.names = names;
        this.values = values;
        this.customNames = customNames;
        this.customValues = customValues;
        this.hasCustom = firstPresent(customValues) >= 0;
    }

    boolean isEmpty() {
        return !hasCustom && firstPresent(values) < 0;
    }

    void write(JsonWriter json) {
        json.startObject();
        boolean customWritten = false;
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                continue;
            }
            if (hasCustom && CUSTOM.equals(names[i])) {
                writeCustom(json);
                customWritten = true;
            } else {
                json.stringField(names[i], values[i]);
            }
        }
        if (hasCustom && !customWritten) {
            writeCustom(json);
        }
        json.endObject();
    }

    private void writeCustom(JsonWriter json) {
        json.field(CUSTOM).startObject();
        for (int i = 0; i < customNames.length; i++) {
            if (customValues[i] != null) {
                json.stringField(customNames[i], customValues[i]);
            }
        }
        json.endObject();
    }

    /** Who the user is at Insider: its insider_id, else its first identifier in {@link #KEY_ORDER}, else a custom one. */
    String key(String insiderId) {
        if (insiderId != null) {
            return "insider_id:" + insiderId;
        }
        for (String name : KEY_ORDER) {
            for (int i = 0; i < names.length; i++) {
                if (values[i] != null && names[i].equals(name)) {
                    return name + ":" + values[i];
                }
            }
        }
        int custom = firstPresent(customValues);
        if (custom < 0) {
            throw new NoSuchElementException("no identifier Insider keys a user by");
        }
        return "custom." + customNames[custom] + ":" + customValues[custom];
    }

    /**
     * Each identifier of the user but the one its {@code key} names, by name ({@code custom.<name>} for a custom
     * one), with the row's value or null: Insider's upsert does not change these (docs/identifiers.md).
     */
    void others(String key, BiConsumer<String, String> identifier) {
        String keyName = key.substring(0, key.indexOf(':'));
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(keyName) && !CUSTOM.equals(names[i])) {
                identifier.accept(names[i], values[i]);
            }
        }
        for (int i = 0; i < customNames.length; i++) {
            String name = CUSTOM + "." + customNames[i];
            if (!name.equals(keyName)) {
                identifier.accept(name, customValues[i]);
            }
        }
    }

    private static int firstPresent(String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                return i;
            }
        }
        return -1;
    }
}
