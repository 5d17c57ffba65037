package io.profilesync.destination;

/** The destination reports the asynchronous task that held the batch as failed: its users failed, for good. */
public class TaskFailedException extends PermanentDeliveryException {

    public TaskFailedException(String message) {
        super(message, 200);
    }
}
