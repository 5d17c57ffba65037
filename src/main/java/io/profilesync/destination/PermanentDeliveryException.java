package io.profilesync.destination;

/** Trying again cannot help: a 4xx other than 429, or a batch the destination refuses as a whole. */
public class PermanentDeliveryException extends DeliveryException {

    public PermanentDeliveryException(String message, int status) {
        super(message, status, null);
    }
}
