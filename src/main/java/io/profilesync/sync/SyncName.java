package io.profilesync.sync;

import io.profilesync.mapping.MappingException;

/**
 * Which sync an input belongs to: the mapping's {@code sync:} name, else the input's folder under the input
 * prefix ({@code incoming/crm/eu/2026-11-24.csv} is the sync {@code crm/eu}; a file directly under it is the
 * sync {@code default}). Each sync keeps its own change detection state.
 */
public final class SyncName {

    public static final String DEFAULT = "default";

    private SyncName() {
    }

    public static String of(String mappingSync, String key, String inputPrefix) {
        if (mappingSync != null) {
            return checked(mappingSync.strip());
        }
        String relative = key.startsWith(inputPrefix) ? key.substring(inputPrefix.length()) : key;
        int folder = relative.lastIndexOf('/');
        return folder <= 0 ? DEFAULT : checked(relative.substring(0, folder));
    }

    private static String checked(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")
                || ("/" + name + "/").contains("/../") || ("/" + name + "/").contains("/./")) {
            throw new MappingException("sync name '" + name + "' is not usable: use letters, digits and single slashes");
        }
        return name;
    }
}
