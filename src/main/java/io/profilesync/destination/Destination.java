package io.profilesync.destination;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One target marketing cloud. Implementations are CDI beans in a package of their own, which also holds the
 * destination's {@link DestinationGateway}; the splitter and the poster find every bean of these types at build time, and
 * what the destination documents (limits, rate limit) is declared here in code, so a new destination needs no edit anywhere
 * else.
 */
public interface Destination {

    /** The destination's name in mappings, configuration, S3 keys and reports: lowercase, e.g. {@code insider}. */
    String name();

    /**
     * Prepares this destination's share of one input file.
     *
     * @param options the destination's section of the mapping document (may be null for the defaults)
     * @param header the file's columns after the mapping's renames, when the format declares them
     * @throws io.profilesync.mapping.MappingException when the options cannot apply to the file
     */
    DestinationMapper mapper(JsonNode options, Optional<List<String>> header);

    /**
     * The rate limit and guards for delivering to this destination, unless configuration lowers the limit or tunes the
     * guards. (Its documented batch limits are its formats' {@link io.profilesync.batching.BatchFormat#limits()}.)
     */
    default DeliveryDefaults delivery() {
        return DeliveryDefaults.STANDARD;
    }

    /**
     * Whether {@code on_removed: delete} can delete this destination's users, through its own documented deletion API (its
     * mapper then writes the requests: {@link DestinationMapper#deletion}); refused unless the destination says otherwise.
     */
    default Deletion deletion() {
        return Deletion.refused("profile-sync has no deletion request for it");
    }
}
