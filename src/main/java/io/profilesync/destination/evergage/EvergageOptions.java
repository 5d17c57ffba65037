package io.profilesync.destination.evergage;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Evergage's section of a mapping.
 *
 * @param accountAttributes account attribute name to field; when set, rows with an {@code account_name}
 *        also produce account upserts, and these fields are left out of the user's attributes
 * @param rename field to user attribute name
 * @param identityAttributes with the ETL feed, the user attributes (after renames) that are Personalization identity
 *        attributes: at most five, each value 4 characters to 120 bytes
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvergageOptions(Map<String, String> accountAttributes, Map<String, String> rename, List<String> identityAttributes) {

    public EvergageOptions {
        // sorted: the same mapping must give the same payload bytes in every process (change detection compares them)
        accountAttributes = accountAttributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(accountAttributes));
        rename = rename == null ? Map.of() : Map.copyOf(rename);
        identityAttributes = identityAttributes == null ? List.of() : List.copyOf(identityAttributes);
    }
}
