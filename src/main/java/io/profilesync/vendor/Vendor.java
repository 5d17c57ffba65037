package io.profilesync.vendor;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One target marketing cloud. Implementations are CDI beans in a package of their own; the splitter finds
 * every bean of this type, so a new vendor needs no edit anywhere else.
 */
public interface Vendor {

    /** The vendor's name in mappings, configuration, S3 keys and reports: lowercase, e.g. {@code insider}. */
    String name();

    /**
     * Prepares this vendor's share of one input file.
     *
     * @param options the vendor's section of the mapping document (may be null for the defaults)
     * @param header the file's columns after the mapping's renames, when the format declares them
     * @throws io.profilesync.mapping.MappingException when the options cannot apply to the file
     */
    VendorMapper mapper(JsonNode options, Optional<List<String>> header);
}
