package io.profilesync.guard;

import java.time.Duration;

import io.profilesync.destination.RetryableDeliveryException;

/**
 * The destination's rate limit has no permit left within this invocation. Not the batch's fault: the message is
 * deferred rather than failed, so waiting for the limit never uses up its deliveries.
 */
public class RateLimitedException extends RetryableDeliveryException {

    public RateLimitedException(String destination, Duration wait, Throwable cause) {
        super(destination + " rate limit reached: next permit in " + wait.toMillis() + " ms", 0, wait, cause);
    }
}
