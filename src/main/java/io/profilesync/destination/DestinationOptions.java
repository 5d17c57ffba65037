package io.profilesync.destination;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.profilesync.mapping.MappingException;

/** Reads a destination's section of a mapping document into that destination's options record. */
public final class DestinationOptions {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DestinationOptions() {
    }

    public static <T> T parse(String destination, JsonNode options, Class<T> type) {
        try {
            T parsed = JSON.treeToValue(options == null || options.isNull() ? NullNode.getInstance() : options, type);
            return parsed != null ? parsed : JSON.treeToValue(JSON.createObjectNode(), type);
        } catch (JsonProcessingException e) {
            throw new MappingException("mapping options for " + destination + " are not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** Fails when an option names a column that the file's header (after renames) does not have. */
    public static void requireColumns(String destination, Optional<List<String>> header, Collection<String> columns) {
        header.ifPresent(names -> columns.stream()
                .filter(column -> column != null && !names.contains(column))
                .findFirst()
                .ifPresent(column -> {
                    throw new MappingException("mapping for " + destination + " names column '" + column
                            + "', which the file's header does not have");
                }));
    }
}
