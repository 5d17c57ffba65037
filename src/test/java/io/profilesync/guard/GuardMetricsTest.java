package io.profilesync.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.metrics.Metrics;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.destination.RetryableDeliveryException;
import io.profilesync.destination.ThrottledException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The guards' metrics (429 answers, retries, breaker openings), from SmallRye Fault Tolerance's event listeners.
 * The breakers are reset before and after, so that no other test meets an open one.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class GuardMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeliveryGuards guards;

    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void recordMetrics() {
        QuarkusMock.installMockForType(new Metrics("poster", true, lines::add, () -> 0), Metrics.class);
        CircuitBreakerMaintenance.get().resetAll();
        Deadline.start(Duration.ofMinutes(5));
    }

    @AfterEach
    void endDeadline() {
        Deadline.clear();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void a429AndItsRetryAreCountedThenAnOutageOpensTheBreakerOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String answer = guards.call("evergage", String.class, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ThrottledException("429 Too Many Requests", 429, Duration.ZERO);
            }
            return "ok";
        });
        assertEquals("ok", answer);
        assertEquals(1, total("Http429"), lines.toString());
        assertEquals(1, total("Retries"), lines.toString());
        assertEquals(0, total("BreakerOpens"), lines.toString());

        lines.clear();
        assertThrows(CircuitBreakerOpenException.class, () -> guards.call("evergage", String.class, () -> {
            throw new RetryableDeliveryException("503 Service Unavailable", 503, Duration.ZERO, null);
        }));
        assertEquals(1, total("BreakerOpens"), "evergage's breaker opens once its requests failed: " + lines);
        assertEquals(0, total("Http429"));
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertEquals("evergage", record.get("Destination").asText());
            assertEquals("poster", record.get("Function").asText());
        }
    }

    private long total(String metric) throws Exception {
        long total = 0;
        for (String line : lines) {
            total += JSON.readTree(line).path(metric).asLong(0);
        }
        return total;
    }
}
