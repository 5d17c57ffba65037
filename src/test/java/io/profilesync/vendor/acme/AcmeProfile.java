package io.profilesync.vendor.acme;

import java.util.List;
import java.util.Map;

import io.profilesync.simulator.VendorSimulatorResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The poster with Acme enabled, and Acme simulated next to the other vendors: all that Acme needs. */
public class AcmeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "poster", "profile-sync.vendors.acme.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(VendorSimulatorResource.class,
                Map.of(VendorSimulatorResource.MORE_VENDORS, SimulatedAcme.class.getName())));
    }
}
