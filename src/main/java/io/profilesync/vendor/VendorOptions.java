package io.profilesync.vendor;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.profilesync.mapping.MappingException;

/** Reads a vendor's section of a mapping document into that vendor's options record. */
public final class VendorOptions {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private VendorOptions() {
    }

    public static <T> T parse(String vendor, JsonNode options, Class<T> type) {
        try {
            T parsed = JSON.treeToValue(options == null || options.isNull() ? NullNode.getInstance() : options, type);
            return parsed != null ? parsed : JSON.treeToValue(JSON.createObjectNode(), type);
        } catch (JsonProcessingException e) {
            throw new MappingException("mapping options for " + vendor + " are not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** Fails when an option names a column that the file's header (after renames) does not have. */
    public static void requireColumns(String vendor, Optional<List<String>> header, Collection<String> columns) {
        header.ifPresent(names -> columns.stream()
                .filter(column -> column != null && !names.contains(column))
                .findFirst()
                .ifPresent(column -> {
                    throw new MappingException("mapping for " + vendor + " names column '" + column
                            + "', which the file's header does not have");
                }));
    }
}
