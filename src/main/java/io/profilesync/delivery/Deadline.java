package io.profilesync.delivery;

import java.time.Duration;

/** The end of the current invocation's retry budget, for the thread handling it. */
final class Deadline {

    private static final ThreadLocal<Long> END = new ThreadLocal<>();

    private Deadline() {
    }

    static void start(Duration budget) {
        END.set(System.nanoTime() + budget.toNanos());
    }

    static void clear() {
        END.remove();
    }

    /** Time left; a generous default outside an invocation (benchmarks, direct calls). */
    static Duration remaining() {
        Long end = END.get();
        return end == null ? Duration.ofMinutes(5) : Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }
}
