package io.profilesync.vendor;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.profilesync.batching.LimitCaps;
import io.profilesync.config.ConfigurationException;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.config.ProfileSyncConfig.VendorSettings;

/**
 * Every {@link Vendor} bean with this deployment's settings for it: whether it is enabled, its queue, and its
 * limits, rate limit and guards, which are the vendor's own unless configuration lowers (or, for the guards,
 * tunes) them.
 */
@ApplicationScoped
public class VendorRegistry {

    private final Map<String, Vendor> all = new TreeMap<>();
    private final Map<String, Vendor> enabled = new TreeMap<>();
    private final ProfileSyncConfig config;

    @Inject
    public VendorRegistry(Instance<Vendor> vendors, ProfileSyncConfig config) {
        this((Iterable<Vendor>) vendors, config);
    }

    VendorRegistry(Iterable<Vendor> vendors, ProfileSyncConfig config) {
        this.config = config;
        vendors.forEach(vendor -> {
            all.put(vendor.name(), vendor);
            if (settings(vendor.name()).map(VendorSettings::enabled).orElse(true)) {
                enabled.put(vendor.name(), vendor);
            }
        });
    }

    public Map<String, Vendor> enabled() {
        return Collections.unmodifiableMap(enabled);
    }

    /** The configured caps, applied to a vendor's documented limits: they can lower a limit, never raise it. */
    public LimitCaps caps() {
        return (vendor, documented) -> settings(vendor)
                .map(settings -> documented.capped(settings.maxItems().orElse(null), settings.maxBytes().orElse(null)))
                .orElse(documented);
    }

    public String queueUrl(String vendor) {
        return settings(vendor).flatMap(VendorSettings::queueUrl).filter(url -> !url.isBlank())
                .orElseThrow(() -> new ConfigurationException("no queue configured for vendor " + vendor + ": set PROFILE_SYNC_VENDORS_"
                        + vendor.toUpperCase(Locale.ROOT) + "_QUEUE_URL (profile-sync.vendors." + vendor + ".queue-url)"));
    }

    /** Whether and how fast the vendor deletes users: its own {@link Vendor#deletion()}. */
    public Deletion deletion(String vendor) {
        Vendor known = all.get(vendor);
        if (known == null) {
            throw new ConfigurationException("no vendor named '" + vendor + "'; this deployment has " + all.keySet());
        }
        return known.deletion();
    }

    /** How to deliver to the vendor: its own {@link Vendor#delivery()}, with this deployment's settings applied. */
    public DeliveryDefaults delivery(String vendor) {
        Vendor known = all.get(vendor);
        if (known == null) {
            throw new ConfigurationException("no vendor named '" + vendor + "'; this deployment has " + all.keySet());
        }
        DeliveryDefaults own = known.delivery();
        Optional<VendorSettings> settings = settings(vendor);
        if (settings.isEmpty()) {
            return own;
        }
        VendorSettings set = settings.get();
        return new DeliveryDefaults(lower(own.requestsPerMinute(), set.requestsPerMinute()),
                set.maxRetries().orElse(own.maxRetries()), set.initialBackoff().orElse(own.initialBackoff()),
                set.maxBackoff().orElse(own.maxBackoff()), set.attemptTimeout().orElse(own.attemptTimeout()),
                set.breakerRequests().orElse(own.breakerRequests()),
                set.breakerFailureRatio().orElse(own.breakerFailureRatio()), set.breakerDelay().orElse(own.breakerDelay()));
    }

    private static OptionalInt lower(OptionalInt own, Optional<Integer> configured) {
        if (configured.isEmpty()) {
            return own;
        }
        return OptionalInt.of(own.isPresent() ? Math.min(own.getAsInt(), configured.get()) : configured.get());
    }

    private Optional<VendorSettings> settings(String vendor) {
        return Optional.ofNullable(config.vendors().get(vendor));
    }
}
