package io.profilesync.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A declarative mapping, written as YAML or JSON.
 *
 * @param columns source column name to field name (a conventional name such as {@code user_id}, or any
 *        other name, which then becomes a custom attribute)
 * @param ignore source columns to leave out entirely
 * @param vendors the target vendors, each with its own options; absent means every enabled vendor with its
 *        defaults
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = false)
public record MappingDocument(Map<String, String> columns, List<String> ignore, Map<String, JsonNode> vendors) {

    public static final MappingDocument DEFAULT = new MappingDocument(Map.of(), List.of(), null);

    public MappingDocument {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }
}
