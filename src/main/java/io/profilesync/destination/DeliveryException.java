package io.profilesync.destination;

/** A request to a destination did not get its batch accepted. */
public abstract class DeliveryException extends RuntimeException {

    private final int status;

    protected DeliveryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no answer (timeout, connection error, circuit open). */
    public int status() {
        return status;
    }
}
