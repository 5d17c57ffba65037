package io.profilesync.destination.evergage;

import java.util.List;
import java.util.Map;

import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The poster with Personalization delivered by the User ETL feed to the in-process SFTP site. */
public class EtlFeedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "poster", "profile-sync.evergage.delivery", "etl-feed",
                "profile-sync.poster.task-check-delay", "0s", "profile-sync.destinations.evergage.attempt-timeout", "20s",
                "profile-sync.poster.time-budget", "40s",
                "profile-sync.poster.max-receives", Integer.toString(LocalAwsResource.MAX_RECEIVES));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DestinationSimulatorResource.class), new TestResourceEntry(LocalEtlFeedResource.class));
    }
}
