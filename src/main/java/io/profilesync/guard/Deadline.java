package io.profilesync.guard;

import java.time.Duration;

/**
 * The end of the current invocation's time budget, for the thread handling it: one deadline for every message
 * of the invocation, set below the Lambda timeout so that the invocation always ends in time.
 */
public final class Deadline {

    private static final ThreadLocal<Long> END = new ThreadLocal<>();

    private Deadline() {
    }

    public static void start(Duration budget) {
        END.set(System.nanoTime() + budget.toNanos());
    }

    public static void clear() {
        END.remove();
    }

    /** Throws {@link OutOfTimeException} unless {@code needed} is left before the deadline. */
    public static void requireTimeFor(Duration needed) {
        Duration left = remaining();
        if (left.compareTo(needed) < 0) {
            throw new OutOfTimeException(needed, left);
        }
    }

    /** Time left; a generous default outside an invocation (benchmarks, direct calls). */
    public static Duration remaining() {
        Long end = END.get();
        return end == null ? Duration.ofMinutes(5) : Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }
}
