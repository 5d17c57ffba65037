package io.profilesync.simulator;

/**
 * Something a simulated destination does instead of (or after) answering normally.
 *
 * @param status the status to answer with instead, 0 to answer normally
 * @param retryAfterSeconds a {@code Retry-After} header value, or -1
 * @param delayMillis how long to wait before answering (after processing, when {@code status} is 0)
 * @param reset drop the connection without any answer
 * @param afterProcessing run once the request is processed, before the answer goes out (e.g. kill the client)
 * @param garbled processed, answered with its status but a body that is not the destination's answer (a proxy's page)
 * @param body the body of a {@code status} answer, or null for the simulator's own
 */
public record Fault(int status, int retryAfterSeconds, long delayMillis, boolean reset, Runnable afterProcessing,
        boolean garbled, String body) {

    public static Fault status(int status) {
        return new Fault(status, -1, 0, false, null, false, null);
    }

    /** Refuses the request with this status and body, as a destination's page documents one. */
    public static Fault refusal(int status, String body) {
        return new Fault(status, -1, 0, false, null, false, body);
    }

    /** A 429 with {@code Retry-After: retryAfterSeconds}, or without one when it is negative. */
    public static Fault tooManyRequests(int retryAfterSeconds) {
        return new Fault(429, retryAfterSeconds, 0, false, null, false, null);
    }

    /** Processes the request, then answers too late for the client's timeout. */
    public static Fault slowAnswer(long delayMillis) {
        return new Fault(0, -1, delayMillis, false, null, false, null);
    }

    public static Fault connectionReset() {
        return new Fault(0, -1, 0, true, null, false, null);
    }

    /** Processes the request, then runs {@code action} before answering: the client never sees the answer. */
    public static Fault processThen(Runnable action) {
        return new Fault(0, -1, 0, false, action, false, null);
    }

    /** Processes the request and answers with its status, but the body is not the destination's answer. */
    public static Fault garbledAnswer() {
        return new Fault(0, -1, 0, false, null, true, null);
    }

    /** Whether the destination processes the request but its answer does not reach the client. */
    public boolean losesAnswer() {
        return status == 0 && !reset && (delayMillis > 0 || afterProcessing != null);
    }
}
