package io.profilesync.vendor;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One target marketing cloud. Implementations are CDI beans in a package of their own, which also holds the
 * vendor's {@link VendorGateway}; the splitter and the poster find every bean of these types at build time, and
 * what the vendor documents (limits, rate limit) is declared here in code, so a new vendor needs no edit anywhere
 * else.
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

    /**
     * The rate limit and guards for delivering to this vendor, unless configuration lowers the limit or tunes the
     * guards. (Its documented batch limits are its formats' {@link io.profilesync.batching.BatchFormat#limits()}.)
     */
    default DeliveryDefaults delivery() {
        return DeliveryDefaults.STANDARD;
    }

    /**
     * Whether {@code on_removed: delete} can delete this vendor's users, through its own documented deletion API (its
     * mapper then writes the requests: {@link VendorMapper#deletion}); refused unless the vendor says otherwise.
     */
    default Deletion deletion() {
        return Deletion.refused("profile-sync has no deletion request for it");
    }
}
