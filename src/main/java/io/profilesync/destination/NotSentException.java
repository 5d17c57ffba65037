package io.profilesync.destination;

/** The request never reached the destination (the connection was refused or not accepted in time): trying again is not a repost. */
public class NotSentException extends RetryableDeliveryException {

    public NotSentException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
