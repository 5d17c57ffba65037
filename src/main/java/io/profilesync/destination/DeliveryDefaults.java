package io.profilesync.destination;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How a destination's package says to deliver to it: its rate limit and the guards around each call (see
 * {@code guard.DeliveryGuards}). Configuration ({@code profile-sync.destinations.<destination>.*}) may lower the rate limit,
 * never raise it, and may tune the guards; a destination with no configuration at all is delivered to with these.
 *
 * @param requestsPerMinute requests one function instance may send a minute; empty when the destination documents no limit
 * @param maxRetries retries of one request within an invocation (5xx, 429, timeouts, connection errors)
 * @param initialBackoff the first retry's delay, doubled each retry with jitter, up to {@code maxBackoff}
 * @param maxBackoff the longest delay between retries
 * @param attemptTimeout the longest one request may take
 * @param breakerRequests circuit breaker: requests in the rolling window it judges
 * @param breakerFailureRatio circuit breaker: the share of those that must fail to open it
 * @param breakerDelay circuit breaker: how long it stays open before letting a trial request through
 */
public record DeliveryDefaults(OptionalInt requestsPerMinute, int maxRetries, Duration initialBackoff, Duration maxBackoff,
        Duration attemptTimeout, int breakerRequests, double breakerFailureRatio, Duration breakerDelay) {

    /** What suits a destination that documents nothing more: no rate limit, four retries, a 30 s attempt. */
    public static final DeliveryDefaults STANDARD = new DeliveryDefaults(OptionalInt.empty(), 4, Duration.ofMillis(200),
            Duration.ofSeconds(20), Duration.ofSeconds(30), 4, 0.75, Duration.ofSeconds(30));

    /** These settings with a rate limit of {@code perMinute} requests a minute per function instance. */
    public DeliveryDefaults withRequestsPerMinute(int perMinute) {
        return new DeliveryDefaults(OptionalInt.of(perMinute), maxRetries, initialBackoff, maxBackoff, attemptTimeout,
                breakerRequests, breakerFailureRatio, breakerDelay);
    }
}
