package io.profilesync.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a snapshot sync does, per destination ({@code destinations: {name: {on_removed: ...}}}), with users the destination took before
 * that its file no longer holds.
 */
public enum OnRemoved {
    /** Leave them at the destination: they are counted {@code removed} and named in the removed-users report. */
    KEEP,
    /**
     * Delete them through the destination's own documented deletion API (refused, when the run's destinations are known, for a
     * destination that has none: {@code destination.Destination#deletion}); they then leave the sync's state.
     */
    DELETE;

    public static final String SETTING = "on_removed";

    /** The destination's setting, checked; a mapping without one keeps removed users. */
    public static OnRemoved of(String mapping, String destination, JsonNode options) {
        JsonNode setting = options == null ? null : options.get(SETTING);
        if (setting == null || setting.isNull() || "keep".equals(setting.asText())) {
            return KEEP;
        }
        if ("delete".equals(setting.asText())) {
            return DELETE;
        }
        throw new MappingException("mapping " + mapping + ": destinations." + destination + "." + SETTING + " must be keep or "
                + "delete, not '" + setting.asText() + "'");
    }
}
