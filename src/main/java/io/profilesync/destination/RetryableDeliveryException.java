package io.profilesync.destination;

import java.time.Duration;
import java.util.Optional;

/** Worth trying again: 5xx, 429, timeouts, connection errors. */
public class RetryableDeliveryException extends DeliveryException {

    private final Duration retryAfter;

    public RetryableDeliveryException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, status, cause);
        this.retryAfter = retryAfter;
    }

    public RetryableDeliveryException(String message, int status, Throwable cause) {
        this(message, status, null, cause);
    }

    /** How long the destination asked us to wait (429 {@code Retry-After}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
