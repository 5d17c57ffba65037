package io.profilesync.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** One rule for destination URLs: https everywhere, plain http only on loopback. */
class DestinationUrlsTest {

    private static final String SETTING = "quarkus.rest-client.insider.url";

    @Test
    void httpsIsAllowedAnywhereAndPlainHttpOnlyOnLoopback() {
        for (String allowed : List.of("https://unification.useinsider.com", "HTTPS://api.us.xtremepush.com:443/x",
                "http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:4010", "http://LOCALHOST", "http://[::1]:9000")) {
            assertEquals(Optional.empty(), DestinationUrls.problem(allowed, SETTING), allowed);
        }
        for (String refused : List.of("http://unification.useinsider.com", "http://10.0.0.1", "http://cafe:80",
                "http://localhost.example.com", "ftp://127.0.0.1", "unification.useinsider.com", "http://[::2]")) {
            Optional<String> problem = DestinationUrls.problem(refused, SETTING);
            assertTrue(problem.isPresent(), refused);
            assertTrue(problem.get().contains("QUARKUS_REST_CLIENT_INSIDER_URL"), problem.get());
        }
    }
}
