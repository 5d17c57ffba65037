package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DestinationConfigurationCheckTest {

    @Test
    void aDestinationGivenARealUrlWithoutCredentialsIsOneLineNamingTheVariables() {
        List<String> problems = DestinationConfigurationCheck.problems(List.of("evergage"),
                Map.of("QUARKUS_REST_CLIENT_EVERGAGE_URL", "https://acme.us-1.evergage.com"));

        assertEquals(List.of("evergage is configured (QUARKUS_REST_CLIENT_EVERGAGE_URL) but its credentials are not: set "
                + "PROFILE_SYNC_EVERGAGE_API_KEY_ID and PROFILE_SYNC_EVERGAGE_API_KEY_SECRET"), problems);
    }

    @Test
    void simulatedDestinationsDisabledDestinationsAndConfiguredOnesPass() {
        assertTrue(DestinationConfigurationCheck.problems(List.of("insider", "xtremepush", "evergage"), Map.of(
                "QUARKUS_REST_CLIENT_INSIDER_URL", "https://unification.useinsider.com",
                "PROFILE_SYNC_INSIDER_PARTNER_NAME", "acme", "PROFILE_SYNC_INSIDER_REQUEST_TOKEN", "t",
                "QUARKUS_REST_CLIENT_XTREMEPUSH_URL", "https://external-api.xtremepush.com",
                "PROFILE_SYNC_DESTINATIONS_XTREMEPUSH_ENABLED", "false")).isEmpty());
    }

    @Test
    void aPlainHttpDestinationUrlIsRefused() {
        List<String> problems = DestinationConfigurationCheck.problems(List.of("xtremepush"), Map.of(
                "QUARKUS_REST_CLIENT_XTREMEPUSH_URL", "http://external-api.xtremepush.com",
                "PROFILE_SYNC_XTREMEPUSH_APP_TOKEN", "t"));

        assertEquals(List.of("xtremepush: quarkus.rest-client.xtremepush.url (QUARKUS_REST_CLIENT_XTREMEPUSH_URL) must be an "
                + "https:// URL; plain http:// is only for loopback addresses (localhost, 127.0.0.1, [::1])"), problems);
    }

    @Test
    void plainHttpOnLoopbackIsAllowedAsThePosterAllowsIt() {
        for (String url : List.of("http://127.0.0.1:8089", "http://localhost:4010", "http://[::1]:8080")) {
            assertEquals(List.of(), DestinationConfigurationCheck.problems(List.of("xtremepush"), Map.of(
                    "QUARKUS_REST_CLIENT_XTREMEPUSH_URL", url, "PROFILE_SYNC_XTREMEPUSH_APP_TOKEN", "t")), url);
        }
    }
}
