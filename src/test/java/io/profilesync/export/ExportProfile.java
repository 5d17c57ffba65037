package io.profilesync.export;

import java.util.List;
import java.util.Map;

import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The export function against the simulated User Export API, with short retry timings. */
public class ExportProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "export",
                "profile-sync.export.bucket", LocalAwsResource.BUCKET,
                "profile-sync.destinations.evergage.initial-backoff", "20ms",
                "profile-sync.destinations.evergage.max-backoff", "100ms",
                "profile-sync.destinations.evergage.breaker-requests", "50");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DestinationSimulatorResource.class));
    }
}
