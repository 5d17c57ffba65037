package io.profilesync.destination;

/**
 * The request went out but no answer came back (a read timeout, a connection dropped mid-request): the destination
 * may have processed it. Worth retrying, but the retry is a repost and is counted as one.
 */
public class AnswerLostException extends RetryableDeliveryException {

    public AnswerLostException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
