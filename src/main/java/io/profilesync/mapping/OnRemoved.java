package io.profilesync.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a snapshot sync does, per vendor ({@code vendors: {name: {on_removed: ...}}}), with users the vendor took before
 * that its file no longer holds.
 */
public enum OnRemoved {
    /** Leave them at the vendor: they are counted {@code removed} and named in the removed-users report. */
    KEEP;

    public static final String SETTING = "on_removed";

    /**
     * The vendor's setting, checked. {@code delete} is refused for every vendor: the deletion path (a call to the
     * vendor's own documented deletion API, and leaving the state once the vendor confirms) is not built yet. Where it
     * could go: Insider documents {@code POST /api/user/v1/delete}, 10,000 requests a minute
     * (shared/vendor-docs/insider-rate-limits-and-related-endpoints.txt); Salesforce Personalization (Evergage) its
     * User Look-Up and Deletion API
     * (https://developer.salesforce.com/docs/marketing/personalization/guide/user-look-up-deletion-api.html);
     * for Xtremepush no deletion endpoint was found in its documentation.
     */
    static OnRemoved of(String mapping, String vendor, JsonNode options) {
        JsonNode setting = options == null ? null : options.get(SETTING);
        if (setting == null || setting.isNull() || "keep".equals(setting.asText())) {
            return KEEP;
        }
        if ("delete".equals(setting.asText())) {
            throw new MappingException("mapping " + mapping + ": vendors." + vendor + "." + SETTING + ": delete is not "
                    + "available for " + vendor + " (deleting users at the vendor is not built yet); use keep");
        }
        throw new MappingException("mapping " + mapping + ": vendors." + vendor + "." + SETTING + " must be keep or "
                + "delete, not '" + setting.asText() + "'");
    }
}
