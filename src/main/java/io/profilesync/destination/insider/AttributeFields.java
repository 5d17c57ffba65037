package io.profilesync.destination.insider;

import java.util.Map;
import java.util.Set;

/**
 * What a mapping makes of a row's fields for Insider's {@code attributes}, worked out once per mapping.
 *
 * @param textFields the fields sent as standard text attributes
 * @param textAttributes their attribute names, index for index
 * @param consumed fields that are identifiers or standard attributes, so not custom ones
 * @param rename field to custom attribute name
 * @param events the field that holds the user's events (not a custom attribute)
 */
record AttributeFields(String[] textFields, String[] textAttributes, Set<String> consumed, Map<String, String> rename,
        String events) {
}
