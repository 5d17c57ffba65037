package io.profilesync.common;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The names profile-sync used before "vendor" became "destination" (rename:skip-file: the rename script leaves this
 * file alone). Files written by earlier versions (queued batch messages, manifests, outcomes, reports, mappings) are
 * still read under these names; configuration keys are in {@code config.FormerConfigNames}.
 */
public final class FormerNames {

    /** The former name of a {@code destination} field. */
    public static final String OF_DESTINATION = "vendor";
    /** The former name of a {@code destinations} field or mapping key. */
    public static final String OF_DESTINATIONS = "vendors";

    private FormerNames() {
    }

    /** {@code node}'s field {@code name}, or its former name's when only that is there (a file of an earlier version). */
    public static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isMissingNode() ? node.path(former(name)) : value;
    }

    /** The name an earlier version gave {@code name}: {@code destinations} -> {@code vendors}. */
    public static String former(String name) {
        return name.replace("destination", OF_DESTINATION);
    }
}
