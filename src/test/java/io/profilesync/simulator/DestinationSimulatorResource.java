package io.profilesync.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link DestinationSimulator} for {@code @QuarkusTest}s and points the REST clients at it. A test that
 * simulates a destination of its own names its {@link SimulatedDestination} classes in the argument {@value #MORE_DESTINATIONS}
 * (comma-separated).
 */
public class DestinationSimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String MORE_DESTINATIONS = "more-destinations";

    private static DestinationSimulator simulator;
    private List<SimulatedDestination> more = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault(MORE_DESTINATIONS, "");
        more = Arrays.stream(names.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .map(DestinationSimulatorResource::instantiate).toList();
    }

    @Override
    public Map<String, String> start() {
        simulator = new DestinationSimulator(more);
        return simulator.config();
    }

    private static SimulatedDestination instantiate(String className) {
        try {
            return (SimulatedDestination) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot simulate " + className, e);
        }
    }

    public static DestinationSimulator simulator() {
        return simulator;
    }

    /** A test's fresh start: the simulator with nothing injected or recorded, every breaker closed, every queue empty. */
    public static DestinationSimulator fresh() {
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
