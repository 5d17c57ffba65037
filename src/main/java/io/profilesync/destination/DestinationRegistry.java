package io.profilesync.destination;

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
import io.profilesync.config.ProfileSyncConfig.DestinationSettings;

/**
 * Every {@link Destination} bean with this deployment's settings for it: whether it is enabled, its queue, and its
 * limits, rate limit and guards, which are the destination's own unless configuration lowers (or, for the guards,
 * tunes) them.
 */
@ApplicationScoped
public class DestinationRegistry {

    private final Map<String, Destination> all = new TreeMap<>();
    private final Map<String, Destination> enabled = new TreeMap<>();
    private final ProfileSyncConfig config;

    @Inject
    public DestinationRegistry(Instance<Destination> destinations, ProfileSyncConfig config) {
        this((Iterable<Destination>) destinations, config);
    }

    DestinationRegistry(Iterable<Destination> destinations, ProfileSyncConfig config) {
        this.config = config;
        destinations.forEach(destination -> {
            all.put(destination.name(), destination);
            if (settings(destination.name()).map(DestinationSettings::enabled).orElse(true)) {
                enabled.put(destination.name(), destination);
            }
        });
    }

    public Map<String, Destination> enabled() {
        return Collections.unmodifiableMap(enabled);
    }

    /** The configured caps, applied to a destination's documented limits: they can lower a limit, never raise it. */
    public LimitCaps caps() {
        return (destination, documented) -> settings(destination)
                .map(settings -> documented.capped(settings.maxItems().orElse(null), settings.maxBytes().orElse(null)))
                .orElse(documented);
    }

    public String queueUrl(String destination) {
        return settings(destination).flatMap(DestinationSettings::queueUrl).filter(url -> !url.isBlank())
                .orElseThrow(() -> new ConfigurationException("no queue configured for destination " + destination + ": set PROFILE_SYNC_DESTINATIONS_"
                        + destination.toUpperCase(Locale.ROOT) + "_QUEUE_URL (profile-sync.destinations." + destination + ".queue-url)"));
    }

    /** Whether and how fast the destination deletes users: its own {@link Destination#deletion()}. */
    public Deletion deletion(String destination) {
        Destination known = all.get(destination);
        if (known == null) {
            throw new ConfigurationException("no destination named '" + destination + "'; this deployment has " + all.keySet());
        }
        return known.deletion();
    }

    /** How to deliver to the destination: its own {@link Destination#delivery()}, with this deployment's settings applied. */
    public DeliveryDefaults delivery(String destination) {
        Destination known = all.get(destination);
        if (known == null) {
            throw new ConfigurationException("no destination named '" + destination + "'; this deployment has " + all.keySet());
        }
        DeliveryDefaults own = known.delivery();
        Optional<DestinationSettings> settings = settings(destination);
        if (settings.isEmpty()) {
            return own;
        }
        DestinationSettings set = settings.get();
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

    private Optional<DestinationSettings> settings(String destination) {
        return Optional.ofNullable(config.destinations().get(destination));
    }
}
