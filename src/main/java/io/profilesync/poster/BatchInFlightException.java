package io.profilesync.poster;

import java.time.Duration;

import io.profilesync.queue.BatchMessage;

/** Another delivery of the same batch holds its claim: this one comes back when that lease ends. */
public class BatchInFlightException extends RuntimeException {

    private final Duration leaseLeft;

    public BatchInFlightException(BatchMessage batch, Duration leaseLeft) {
        super(batch.batchName() + " of run " + batch.runId() + " is being posted by another delivery");
        this.leaseLeft = leaseLeft;
    }

    public Duration leaseLeft() {
        return leaseLeft;
    }
}
