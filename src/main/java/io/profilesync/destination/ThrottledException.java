package io.profilesync.destination;

import java.time.Duration;

/**
 * The destination is throttling this client (a 429, or whatever its documentation names a throttle): retried after its
 * {@code Retry-After}, or with exponential backoff and jitter when it gives none; never a configuration error.
 */
public class ThrottledException extends RetryableDeliveryException {

    public ThrottledException(String message, int status, Duration retryAfter) {
        super(message, status, retryAfter, null);
    }
}
