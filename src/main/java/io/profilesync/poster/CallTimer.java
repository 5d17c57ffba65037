package io.profilesync.poster;

import java.util.concurrent.Callable;

/** Times the attempts of one guarded destination call; the last attempt's time is the one that gave the answer. */
final class CallTimer {

    private long lastNanos;

    <T> T time(Callable<T> attempt) throws Exception {
        long start = System.nanoTime();
        try {
            return attempt.call();
        } finally {
            lastNanos = System.nanoTime() - start;
        }
    }

    long lastMicros() {
        return lastNanos / 1_000;
    }
}
