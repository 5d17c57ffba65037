package io.profilesync.guard;

import java.time.Duration;

/**
 * The invocation has too little time left for another attempt (it must end before the Lambda timeout): the
 * message goes back to the queue as it is, for a later invocation.
 */
public class OutOfTimeException extends RuntimeException {

    public OutOfTimeException(Duration needed, Duration left) {
        super("no time left in this invocation for another attempt (" + left.toMillis() + " ms left, an attempt may take "
                + needed.toMillis() + " ms)");
    }
}
