package io.profilesync.destination.acme;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.MappingException;
import io.profilesync.destination.DeliveryDefaults;
import io.profilesync.destination.Destination;
import io.profilesync.destination.DestinationMapper;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Acme's contacts API, a destination that exists only in the test suite to show that a destination is one package: its
 * mapping and rules, request format and documented limits, rate limit, REST client, gateway, credentials and
 * simulator are all here. It takes part only where configuration enables it.
 */
@ApplicationScoped
@IfBuildProperty(name = "profile-sync.destinations.acme.enabled", stringValue = "true")
public class AcmeDestination implements Destination {

    public static final String NAME = "acme";
    /** Acme allows 600 requests a minute. */
    static final int REQUESTS_PER_MINUTE = 600;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DestinationMapper mapper(JsonNode options, Optional<List<String>> header) {
        if (options != null && !options.isEmpty()) {
            throw new MappingException("mapping for acme: Acme takes no options");
        }
        return new AcmeMapper();
    }

    @Override
    public DeliveryDefaults delivery() {
        return DeliveryDefaults.STANDARD.withRequestsPerMinute(REQUESTS_PER_MINUTE);
    }
}
