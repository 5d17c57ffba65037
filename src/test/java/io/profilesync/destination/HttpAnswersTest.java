package io.profilesync.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.profilesync.config.ConfigurationException;

/** Destination URLs must be https:// outside loopback; refused credentials are not a batch's permanent failure. */
class HttpAnswersTest {

    @AfterEach
    void clear() {
        System.clearProperty("quarkus.rest-client.plain.url");
    }

    @Test
    void aPlainHttpDestinationUrlIsAConfigurationErrorAndNothingIsSent() {
        System.setProperty("quarkus.rest-client.plain.url", "http://api.example.com");
        boolean[] sent = {false};

        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> HttpAnswers.call("plain", () -> {
            sent[0] = true;
            return Response.ok().build();
        }));

        assertTrue(refused.getMessage().contains("QUARKUS_REST_CLIENT_PLAIN_URL"), refused.getMessage());
        assertTrue(!sent[0], "no request goes out over plain http");
    }

    @Test
    void loopbackMayBePlainHttpForTheLocalRun() {
        System.setProperty("quarkus.rest-client.plain.url", "http://127.0.0.1:8080");

        assertEquals(200, HttpAnswers.call("plain", () -> Response.ok().build()).getStatus());
    }

    @Test
    void refusedCredentialsAreTheirOwnFailure() {
        assertThrows(CredentialsRejectedException.class, () -> HttpAnswers.call("destination", () -> Response.status(401).build()));
        assertThrows(CredentialsRejectedException.class, () -> HttpAnswers.call("destination", () -> Response.status(403).build()));
    }

    @Test
    void a429IsAThrottleWithOrWithoutRetryAfter() {
        ThrottledException with = assertThrows(ThrottledException.class, () -> HttpAnswers.call("destination",
                () -> Response.status(429).header("Retry-After", "7").build()));
        ThrottledException without = assertThrows(ThrottledException.class, () -> HttpAnswers.call("destination",
                () -> Response.status(429).build()));

        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(7)), with.retryAfter());
        assertEquals(java.util.Optional.empty(), without.retryAfter(), "no Retry-After: the guard's backoff with jitter decides");
    }

    @Test
    void aRefusalsBodyIsReadOnlyUpToItsCap() {
        byte[] huge = new byte[10 * HttpAnswers.MAX_REFUSAL_BYTES];
        java.util.Arrays.fill(huge, (byte) 'x');

        PermanentDeliveryException refused = assertThrows(PermanentDeliveryException.class, () -> HttpAnswers.call("destination",
                () -> Response.status(400).entity(new java.io.ByteArrayInputStream(huge)).build(), refusal -> {
                    assertEquals(HttpAnswers.MAX_REFUSAL_BYTES, refusal.body().length());
                    return HttpAnswers.standard(refusal);
                }));
        assertTrue(refused.getMessage().length() < 400, refused.getMessage());
    }
}
