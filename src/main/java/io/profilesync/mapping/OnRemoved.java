package io.profilesync.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a snapshot sync does, per vendor ({@code vendors: {name: {on_removed: ...}}}), with users the vendor took before
 * that its file no longer holds.
 */
public enum OnRemoved {
    /** Leave them at the vendor: they are counted {@code removed} and named in the removed-users report. */
    KEEP,
    /**
     * Delete them through the vendor's own documented deletion API (refused, when the run's vendors are known, for a
     * vendor that has none: {@code vendor.Vendor#deletion}); they then leave the sync's state.
     */
    DELETE;

    public static final String SETTING = "on_removed";

    /** The vendor's setting, checked; a mapping without one keeps removed users. */
    public static OnRemoved of(String mapping, String vendor, JsonNode options) {
        JsonNode setting = options == null ? null : options.get(SETTING);
        if (setting == null || setting.isNull() || "keep".equals(setting.asText())) {
            return KEEP;
        }
        if ("delete".equals(setting.asText())) {
            return DELETE;
        }
        throw new MappingException("mapping " + mapping + ": vendors." + vendor + "." + SETTING + " must be keep or "
                + "delete, not '" + setting.asText() + "'");
    }
}
