package io.profilesync.destination;

/**
 * The destination refused the credentials (401 or 403): a configuration problem, not the batch's. The poster reads
 * the credentials again and tries once more; if they are refused again the batch goes back to the queue.
 */
public class CredentialsRejectedException extends DeliveryException {

    public CredentialsRejectedException(String message, int status) {
        super(message, status, null);
    }
}
