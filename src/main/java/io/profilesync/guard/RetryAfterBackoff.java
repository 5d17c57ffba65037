package io.profilesync.guard;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.profilesync.destination.RetryableDeliveryException;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with jitter, except that a destination's {@code Retry-After} is honoured exactly. Never
 * waits past the invocation's deadline.
 */
final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final Duration initial;
    private final Duration max;
    private int retries;

    RetryAfterBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        long delay;
        if (failure instanceof RetryableDeliveryException retryable && retryable.retryAfter().isPresent()) {
            delay = retryable.retryAfter().get().toMillis();
        } else {
            long exponential = Math.min(max.toMillis(), initial.toMillis() << Math.min(retries, 20));
            delay = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        }
        retries++;
        return Math.min(delay, Deadline.remaining().toMillis());
    }
}
