package io.profilesync.vendor.acme;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.MappingException;
import io.profilesync.vendor.DeliveryDefaults;
import io.profilesync.vendor.Vendor;
import io.profilesync.vendor.VendorMapper;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Acme's contacts API, a vendor that exists only in the test suite to show that a vendor is one package: its
 * mapping and rules, request format and documented limits, rate limit, REST client, gateway, credentials and
 * simulator are all here. It takes part only where configuration enables it.
 */
@ApplicationScoped
@IfBuildProperty(name = "profile-sync.vendors.acme.enabled", stringValue = "true")
public class AcmeVendor implements Vendor {

    public static final String NAME = "acme";
    /** Acme allows 600 requests a minute. */
    static final int REQUESTS_PER_MINUTE = 600;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VendorMapper mapper(JsonNode options, Optional<List<String>> header) {
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
