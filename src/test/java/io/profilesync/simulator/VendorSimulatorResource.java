package io.profilesync.simulator;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the {@link VendorSimulator} for {@code @QuarkusTest}s and points the REST clients at it. */
public class VendorSimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static VendorSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = new VendorSimulator();
        return simulator.config();
    }

    public static VendorSimulator simulator() {
        return simulator;
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
