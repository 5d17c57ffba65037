package io.profilesync.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.BatchLimits;
import io.profilesync.config.ConfigurationException;
import io.profilesync.config.ProfileSyncConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A destination's own limits, rate limit and guards, and what configuration may do to them. */
class DestinationRegistryTest {

    private static final DeliveryDefaults LIMITED = DeliveryDefaults.STANDARD.withRequestsPerMinute(100);

    @Test
    void aDestinationWithNoConfigurationIsEnabledAndDeliveredToWithItsOwnSettings() {
        DestinationRegistry registry = registry(Map.of());

        assertEquals(List.of("limited", "unlimited"), List.copyOf(registry.enabled().keySet()));
        assertEquals(LIMITED, registry.delivery("limited"));
        assertEquals(DeliveryDefaults.STANDARD, registry.delivery("unlimited"));
        assertEquals(new BatchLimits(10, 1000), registry.caps().apply("limited", new BatchLimits(10, 1000)));
    }

    @Test
    void configurationLowersTheRateLimitButNeverRaisesIt() {
        DestinationRegistry registry = registry(Map.of(
                "profile-sync.destinations.limited.requests-per-minute", "40",
                "profile-sync.destinations.unlimited.requests-per-minute", "7"));

        assertEquals(OptionalInt.of(40), registry.delivery("limited").requestsPerMinute());
        assertEquals(OptionalInt.of(7), registry.delivery("unlimited").requestsPerMinute());
        assertEquals(OptionalInt.of(100), registry(Map.of("profile-sync.destinations.limited.requests-per-minute", "500"))
                .delivery("limited").requestsPerMinute());
    }

    @Test
    void configurationLowersTheBatchLimitsButNeverRaisesThem() {
        DestinationRegistry registry = registry(Map.of("profile-sync.destinations.limited.max-items", "5",
                "profile-sync.destinations.limited.max-bytes", "100000"));

        assertEquals(new BatchLimits(5, 1000), registry.caps().apply("limited", new BatchLimits(10, 1000)));
    }

    @Test
    void configurationTunesTheGuards() {
        DeliveryDefaults tuned = registry(Map.of("profile-sync.destinations.limited.attempt-timeout", "2s",
                "profile-sync.destinations.limited.breaker-failure-ratio", "1.0")).delivery("limited");

        assertEquals(Duration.ofSeconds(2), tuned.attemptTimeout());
        assertEquals(1.0, tuned.breakerFailureRatio());
        assertEquals(LIMITED.maxRetries(), tuned.maxRetries());
        assertEquals(LIMITED.requestsPerMinute(), tuned.requestsPerMinute());
    }

    @Test
    void aDisabledDestinationGetsNoBatchesAndAnUnknownOneIsAConfigurationError() {
        DestinationRegistry registry = registry(Map.of("profile-sync.destinations.unlimited.enabled", "false"));

        assertEquals(List.of("limited"), List.copyOf(registry.enabled().keySet()));
        assertThrows(ConfigurationException.class, () -> registry.delivery("nobody"));
        ConfigurationException noQueue = assertThrows(ConfigurationException.class, () -> registry.queueUrl("limited"));
        assertEquals(true, noQueue.getMessage().contains("PROFILE_SYNC_DESTINATIONS_LIMITED_QUEUE_URL"), noQueue.getMessage());
    }

    /** Terraform sets PROFILE_SYNC_DESTINATIONS_<DESTINATION>_*: no configuration file needs to name the destination first. */
    @Test
    void aDestinationsSettingsComeFromItsEnvironmentVariablesAlone() {
        DestinationRegistry registry = registry(Map.of(), Map.of("PROFILE_SYNC_DESTINATIONS_LIMITED_QUEUE_URL", "https://sqs/limited",
                "PROFILE_SYNC_DESTINATIONS_UNLIMITED_ENABLED", "false", "PROFILE_SYNC_DESTINATIONS_LIMITED_REQUESTS_PER_MINUTE", "30"));

        assertEquals("https://sqs/limited", registry.queueUrl("limited"));
        assertEquals(List.of("limited"), List.copyOf(registry.enabled().keySet()));
        assertEquals(OptionalInt.of(30), registry.delivery("limited").requestsPerMinute());
    }

    private static DestinationRegistry registry(Map<String, String> settings) {
        return registry(settings, Map.of());
    }

    private static DestinationRegistry registry(Map<String, String> settings, Map<String, String> environment) {
        ProfileSyncConfig config = new SmallRyeConfigBuilder().withMapping(ProfileSyncConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300))
                .withDefaultValues(settings).build().getConfigMapping(ProfileSyncConfig.class);
        return new DestinationRegistry(List.of(destination("limited", LIMITED), destination("unlimited", DeliveryDefaults.STANDARD)), config);
    }

    private static Destination destination(String name, DeliveryDefaults delivery) {
        return new Destination() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DestinationMapper mapper(JsonNode options, Optional<List<String>> header) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DeliveryDefaults delivery() {
                return delivery;
            }
        };
    }
}
