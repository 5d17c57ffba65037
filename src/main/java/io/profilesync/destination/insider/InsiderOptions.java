package io.profilesync.destination.insider;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.mapping.Fields;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Insider's section of a mapping.
 *
 * @param identifiers Insider identifier name ({@code uuid}, {@code email}, {@code phone_number}) to field
 * @param customIdentifiers custom identifier name to field
 * @param insiderId the field holding Insider's own profile id, if the file has one
 * @param skipHook true for historical imports that must not trigger journeys
 * @param append array attributes: true appends (Insider's default), false overwrites
 * @param events the JSON lines key holding the user's events
 * @param rename field to attribute name, for custom attributes
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InsiderOptions(Map<String, String> identifiers, Map<String, String> customIdentifiers, String insiderId,
        boolean skipHook, Boolean append, String events, Map<String, String> rename) {

    static final Map<String, String> DEFAULT_IDENTIFIERS = Map.of(
            "uuid", Fields.USER_ID, "email", Fields.EMAIL, "phone_number", Fields.PHONE);

    public InsiderOptions {
        // sorted: the same mapping must give the same payload bytes in every process (change detection compares them)
        identifiers = Collections.unmodifiableMap(new TreeMap<>(identifiers == null ? DEFAULT_IDENTIFIERS : identifiers));
        customIdentifiers = customIdentifiers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(customIdentifiers));
        events = events == null ? "events" : events;
        rename = rename == null ? Map.of() : Map.copyOf(rename);
    }
}
