package io.profilesync.destination.acme;

import java.util.List;
import java.util.Map;

import io.profilesync.simulator.DestinationSimulatorResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The poster with Acme enabled, and Acme simulated next to the other destinations: all that Acme needs. */
public class AcmeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "poster", "profile-sync.destinations.acme.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DestinationSimulatorResource.class,
                Map.of(DestinationSimulatorResource.MORE_DESTINATIONS, SimulatedAcme.class.getName())));
    }
}
