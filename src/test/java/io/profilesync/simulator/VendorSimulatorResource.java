package io.profilesync.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link VendorSimulator} for {@code @QuarkusTest}s and points the REST clients at it. A test that
 * simulates a vendor of its own names its {@link SimulatedVendor} classes in the argument {@value #MORE_VENDORS}
 * (comma-separated).
 */
public class VendorSimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String MORE_VENDORS = "more-vendors";

    private static VendorSimulator simulator;
    private List<SimulatedVendor> more = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault(MORE_VENDORS, "");
        more = Arrays.stream(names.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .map(VendorSimulatorResource::instantiate).toList();
    }

    @Override
    public Map<String, String> start() {
        simulator = new VendorSimulator(more);
        return simulator.config();
    }

    private static SimulatedVendor instantiate(String className) {
        try {
            return (SimulatedVendor) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot simulate " + className, e);
        }
    }

    public static VendorSimulator simulator() {
        return simulator;
    }

    /** A test's fresh start: the simulator with nothing injected or recorded, every breaker closed, every queue empty. */
    public static VendorSimulator fresh() {
        simulator.reset();
        io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
        io.profilesync.testing.Pipeline.purgeQueues();
        return simulator;
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
