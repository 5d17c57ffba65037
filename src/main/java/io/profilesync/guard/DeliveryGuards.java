package io.profilesync.guard;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.profilesync.batching.OutboundItem;
import io.profilesync.metrics.Metrics;
import io.profilesync.destination.DeliveryDefaults;
import io.profilesync.destination.DeliveryException;
import io.profilesync.destination.RetryableDeliveryException;
import io.profilesync.destination.ThrottledException;
import io.profilesync.destination.DestinationRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;

/**
 * The fault tolerance around every destination call, built per destination from its settings (the destination's own
 * {@code Destination#delivery()}, as configuration lowers or tunes them) with SmallRye Fault
 * Tolerance: retries with exponential backoff and jitter (honouring {@code Retry-After}) for retryable
 * failures, bounded by the invocation's time budget; a circuit breaker per destination that opens on destination-wide
 * failures (5xx, timeouts, connection errors), so an outage fails fast; a timeout per attempt; and
 * a rolling rate limit per destination that waits for a permit rather than exceeding it. The guards live as long
 * as the function instance, so breaker and rate limit state carry across invocations.
 */
@ApplicationScoped
public class DeliveryGuards {

    private final DestinationRegistry destinations;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final Map<String, Optional<Guard>> rateLimits = new ConcurrentHashMap<>();
    @Inject
    Metrics metrics;

    public DeliveryGuards(DestinationRegistry destinations) {
        this.destinations = destinations;
    }

    /** Calls the destination through its guard; failures surface as the destination call threw them, or as breaker/timeout errors. */
    public <T> T call(String destination, Class<T> type, Callable<T> attempt) throws Exception {
        return call(destination, "", type, attempt);
    }

    /**
     * As {@link #call(String, Class, Callable)} for a request of one stream: deletions
     * ({@link OutboundItem#DELETES}) take permits of the destination's deletion rate limit, a pool of their own.
     */
    public <T> T call(String destination, String stream, Class<T> type, Callable<T> attempt) throws Exception {
        Guard guard = guards.computeIfAbsent(destination, this::guard);
        String limit = OutboundItem.DELETES.equals(stream) ? destination + "/" + OutboundItem.DELETES : destination;
        return guard.call(() -> rateLimited(destination, limit, type, attempt), type);
    }

    private Guard guard(String destination) {
        DeliveryDefaults settings = settings(destination);
        return Guard.create()
                .withDescription(destination + " delivery")
                .withRetry()
                    .maxRetries(settings.maxRetries())
                    // the invocation's deadline bounds the retries (whenException, Deadline.requireTimeFor), not a
                    // duration that would start again for every message
                    .maxDuration(1, ChronoUnit.DAYS)
                    .whenException(failure -> worthRetrying(failure, settings.attemptTimeout()))
                    .withCustomBackoff()
                        .strategy(() -> new RetryAfterBackoff(settings.initialBackoff(), settings.maxBackoff()))
                        .done()
                    .onRetry(() -> metrics.count(destination, Metrics.RETRIES, 1))
                    .done()
                .withCircuitBreaker()
                    .name(destination + "-breaker")
                    .requestVolumeThreshold(settings.breakerRequests())
                    .failureRatio(settings.breakerFailureRatio())
                    .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .when(DeliveryGuards::isDestinationWide)
                    .onStateChange(state -> breakerState(destination, state))
                    .done()
                .withTimeout()
                    .duration(settings.attemptTimeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .build();
    }

    /**
     * A retryable failure is retried within the invocation only if a whole attempt still fits before the deadline
     * after the destination's {@code Retry-After}, which is never cut short: otherwise the failure reaches the poster,
     * which returns the message to the queue with a matching delay.
     */
    private static boolean worthRetrying(Throwable failure, Duration attemptTimeout) {
        if (!(failure instanceof RetryableDeliveryException || failure instanceof TimeoutException)
                || failure instanceof RateLimitedException) {
            return false;
        }
        Duration wait = failure instanceof RetryableDeliveryException retryable
                ? retryable.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
        return wait.plus(attemptTimeout).compareTo(Deadline.remaining()) <= 0;
    }

    /**
     * Takes a permit of the destination's rate limit. A short wait for the next permit is spent here; a longer one
     * (more than half the attempt timeout, or past the invocation's budget) becomes a {@link RateLimitedException},
     * and the poster defers the batch instead.
     */
    private <T> T rateLimited(String destination, String limitName, Class<T> type, Callable<T> call) throws Exception {
        Duration attemptTimeout = settings(destination).attemptTimeout();
        Callable<T> attempt = () -> {
            Deadline.requireTimeFor(attemptTimeout);
            return countingThrottles(destination, call);
        };
        Optional<Guard> rateLimit = rateLimits.computeIfAbsent(limitName, name -> rateLimit(destination, name));
        if (rateLimit.isEmpty()) {
            return attempt.call();
        }
        Guard limit = rateLimit.get();
        Duration longestWait = attemptTimeout.dividedBy(2);
        while (true) {
            try {
                return limit.call(attempt, type);
            } catch (RateLimitException e) {
                Duration wait = Duration.ofMillis(Math.max(1, e.getRetryAfterMillis()));
                if (wait.compareTo(longestWait) > 0 || wait.compareTo(Deadline.remaining()) > 0) {
                    throw new RateLimitedException(destination, wait, e);
                }
                LockSupport.parkNanos(wait.toNanos());
            }
        }
    }

    /** Counts the destination's throttles, 429 or what its documentation names one (metric {@code Http429}). */
    private <T> T countingThrottles(String destination, Callable<T> call) throws Exception {
        try {
            return call.call();
        } catch (ThrottledException e) {
            metrics.count(destination, Metrics.HTTP_429, 1);
            throw e;
        }
    }

    /** Counts the breaker's openings (metric {@code BreakerOpens}); SmallRye's listeners must not throw. */
    private void breakerState(String destination, CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            metrics.count(destination, Metrics.BREAKER_OPENS, 1);
        }
    }

    private Optional<Guard> rateLimit(String destination, String limitName) {
        OptionalInt perMinute = limitName.equals(destination) ? settings(destination).requestsPerMinute()
                : destinations.deletion(destination).requestsPerMinute();
        if (perMinute.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Guard.create()
                .withDescription(limitName + " rate limit")
                .withRateLimit().limit(smoothLimit(perMinute.getAsInt())).window(1, ChronoUnit.MINUTES)
                    .type(RateLimitType.SMOOTH).done()
                .build());
    }

    /**
     * SmallRye's smooth limiter spaces permits evenly but lets a short burst through after a quiet spell
     * (measured up to 6% over the rate in a rolling minute), so it is given 90% of the configured rate. (The
     * rolling limiter counts rejected calls too, which would starve deferred batches.)
     */
    static int smoothLimit(int perMinute) {
        return Math.max(1, (int) Math.floor(perMinute * 0.9));
    }

    /** The destination's own settings with this deployment's applied; a destination with no configuration has its own. */
    private DeliveryDefaults settings(String destination) {
        return destinations.delivery(destination);
    }

    /** Failures that say the destination as a whole is in trouble, not this one batch. */
    static boolean isDestinationWide(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return true;
        }
        if (failure instanceof RateLimitedException) {
            return false;
        }
        if (failure instanceof DeliveryException delivery) {
            int status = delivery.status();
            // 401/403 are left out: refused credentials are a configuration error, which must stay one (an open
            // breaker would turn it into an outage, and an outage that outlasts the deliveries fails users)
            return status == 0 && failure instanceof RetryableDeliveryException || status >= 500;
        }
        return false;
    }

    /** Whether a failure means "try this message again later" rather than "this batch cannot be delivered". */
    public static boolean isRetryable(Throwable failure) {
        return failure instanceof RetryableDeliveryException || failure instanceof TimeoutException
                || failure instanceof CircuitBreakerOpenException || failure instanceof OutOfTimeException;
    }

    /** The longest one attempt may take, so the poster can tell whether another fits before the deadline. */
    public Duration attemptTimeout(String destination) {
        return settings(destination).attemptTimeout();
    }
}
