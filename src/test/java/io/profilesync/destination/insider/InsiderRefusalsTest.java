package io.profilesync.destination.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.profilesync.destination.CredentialsRejectedException;
import io.profilesync.destination.DeliveryException;
import io.profilesync.destination.PermanentDeliveryException;
import io.profilesync.destination.Refusal;
import io.profilesync.destination.ThrottledException;

/** Insider's refusals read as its "API Rate Limits" and "Status and Error Codes" pages give them. */
class InsiderRefusalsTest {

    @Test
    void a403RequestLimitExceededIsAThrottleWithOrWithoutRetryAfter() {
        DeliveryException byReason = InsiderRefusals.read(refusal(403, "Request Limit Exceeded", "", null));
        DeliveryException byBody = InsiderRefusals.read(refusal(403, "Forbidden",
                "{\"error\":{\"message\":\"Too many attempts, please slow down the request. 30 Requests/minute is allowed.\"}}", null));
        DeliveryException withRetryAfter = InsiderRefusals.read(refusal(403, "Forbidden",
                "{\"error\":\"Request Limit Exceeded\"}", Duration.ofSeconds(3)));

        assertEquals(Optional.empty(), assertInstanceOf(ThrottledException.class, byReason).retryAfter());
        assertEquals(Optional.empty(), assertInstanceOf(ThrottledException.class, byBody).retryAfter());
        assertEquals(Optional.of(Duration.ofSeconds(3)), assertInstanceOf(ThrottledException.class, withRetryAfter).retryAfter());
    }

    @Test
    void otherRefusalsOfTheCredentialsStayConfigurationErrors() {
        assertInstanceOf(CredentialsRejectedException.class, InsiderRefusals.read(refusal(403, "Forbidden",
                "{\"success\":false,\"message\":\"Access Denied. You do not have sufficient access to perform this action.\"}", null)));
        assertInstanceOf(CredentialsRejectedException.class, InsiderRefusals.read(refusal(403, "Forbidden",
                "{\"error\":\"Invalid api key\"}", null)));
        assertInstanceOf(CredentialsRejectedException.class, InsiderRefusals.read(refusal(401, "Unauthorized",
                "{\"success\":false,\"message\":\"Partner token authentication failed.\"}", null)));
    }

    @Test
    void anUnknownPartnerIsHeldLikeRefusedCredentialsAndAnyOther400IsTheBatchs() {
        DeliveryException partner = InsiderRefusals.read(refusal(400, "Bad Request",
                "{\"success\":false,\"message\":\"Partner is invalid.\"}", null));
        DeliveryException size = InsiderRefusals.read(refusal(400, "Bad Request",
                "{\"error\":\"request body is bigger than maximum allowed size 5,000,000 bytes\"}", null));

        assertEquals(400, assertInstanceOf(CredentialsRejectedException.class, partner).status());
        assertEquals(400, assertInstanceOf(PermanentDeliveryException.class, size).status());
        assertInstanceOf(ThrottledException.class, InsiderRefusals.read(refusal(429, "Too Many Requests",
                "{\"error\":\"rejected: too many requests\"}", null)));
    }

    private static Refusal refusal(int status, String reason, String body, Duration retryAfter) {
        return new Refusal("insider", status, reason, body, Optional.ofNullable(retryAfter));
    }
}
