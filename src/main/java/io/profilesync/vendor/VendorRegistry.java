package io.profilesync.vendor;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.profilesync.batching.LimitCaps;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.config.ProfileSyncConfig.VendorSettings;

/** Every {@link Vendor} bean, filtered and capped by this deployment's configuration. */
@ApplicationScoped
public class VendorRegistry {

    private final Map<String, Vendor> enabled = new TreeMap<>();
    private final ProfileSyncConfig config;

    public VendorRegistry(Instance<Vendor> vendors, ProfileSyncConfig config) {
        this.config = config;
        vendors.forEach(vendor -> {
            if (settings(vendor.name()).map(VendorSettings::enabled).orElse(true)) {
                enabled.put(vendor.name(), vendor);
            }
        });
    }

    public Map<String, Vendor> enabled() {
        return enabled;
    }

    public LimitCaps caps() {
        return (vendor, documented) -> settings(vendor)
                .map(settings -> documented.capped(settings.maxItems().orElse(null), settings.maxBytes().orElse(null)))
                .orElse(documented);
    }

    public String queueUrl(String vendor) {
        return settings(vendor).flatMap(VendorSettings::queueUrl).orElseThrow(() -> new IllegalStateException(
                "no queue configured for vendor " + vendor + ": set profile-sync.vendors." + vendor + ".queue-url"));
    }

    private Optional<VendorSettings> settings(String vendor) {
        return Optional.ofNullable(config.vendors().get(vendor));
    }
}
