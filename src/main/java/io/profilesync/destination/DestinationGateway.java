package io.profilesync.destination;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonPointer;

import io.profilesync.queue.BatchMessage;

/**
 * One destination's API, for the poster: one attempt per call, failures classified as
 * {@link io.profilesync.destination.RetryableDeliveryException} or
 * {@link io.profilesync.destination.PermanentDeliveryException}. Retries, the circuit breaker and the rate limit
 * are applied around it by the poster, the same way for every destination.
 */
public interface DestinationGateway {

    /** The destination's name, as {@link Destination#name()}. */
    String name();

    /** Posts one stored batch body (the gateway adds the credentials the destination wants). */
    PostResult post(BatchMessage batch, byte[] body);

    /**
     * Where the items (users, rows, accounts) of a stored request body of {@code stream} are: a JSON pointer to
     * their array ({@code /users}; the empty pointer when the body is the array). A request the destination refuses as a
     * whole (400, 413) is then split in halves, recursively, until the refused items are alone in theirs;
     * everything outside the array is kept in each half. Empty (the default): such a request is failed as a whole.
     */
    default Optional<JsonPointer> items(String stream) {
        return Optional.empty();
    }

    /**
     * Checks a task a previous post started; empty while it is still running. Only destinations that answer
     * asynchronously need it.
     */
    default Optional<PostResult> checkTask(String taskId) {
        throw new UnsupportedOperationException(name() + " has no asynchronous tasks");
    }
}
