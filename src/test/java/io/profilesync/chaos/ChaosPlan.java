package io.profilesync.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.profilesync.simulator.Fault;

/**
 * The faults one simulated destination meets in a chaos run. Each request, by chance, meets one of: 429 with
 * {@code Retry-After}, 500, 503, an answer lost after the destination processed the request, or a dropped connection.
 * On top of that, scheduled by request number: an outage (503 to everything for a while) and an action run
 * while a request is being processed (the chaos run kills the poster there). The chaos run can also take the destination
 * {@link #down} for as long as it likes (while a run's batches are held). Counts what it injected.
 */
final class ChaosPlan implements Supplier<Fault> {

    static final String TOO_MANY_REQUESTS = "429 with Retry-After";
    static final String SERVER_ERROR = "500/503";
    static final String ANSWER_LOST = "answer lost after processing";
    static final String CONNECTION_RESET = "connection reset";
    static final String OUTAGE = "outage (503)";
    static final String KILLED = "poster killed mid-request";
    static final String DOWN = "down while a run is held (503)";

    private final Random random;
    private final double faultRate;
    private final long lostAnswerMillis;
    private final Map<String, Integer> injected = new TreeMap<>();
    private int requests;
    private int outageFrom;
    private Duration outageLength = Duration.ZERO;
    private long outageEndsAt;
    private int actionAt;
    private Runnable action;
    private boolean down;

    /**
     * @param seed the random source's seed (a run is repeatable up to timing)
     * @param faultRate the share of requests that meet a random fault
     * @param lostAnswerMillis how long a lost answer is held: longer than the client's read timeout
     */
    ChaosPlan(long seed, double faultRate, long lostAnswerMillis) {
        this.random = new Random(seed);
        this.faultRate = faultRate;
        this.lostAnswerMillis = lostAnswerMillis;
    }

    /** From the destination's {@code request}-th request on, every request gets a 503 for {@code length}. */
    ChaosPlan outage(int request, Duration length) {
        this.outageFrom = request;
        this.outageLength = length;
        return this;
    }

    /** The destination's {@code request}-th request is processed, then {@code action} runs before it is answered. */
    ChaosPlan during(int request, Runnable action) {
        this.actionAt = request;
        this.action = action;
        return this;
    }

    /** Takes the destination down (every request gets a 503 until it is up again) or brings it back up. */
    synchronized void down(boolean isDown) {
        this.down = isDown;
    }

    @Override
    public synchronized Fault get() {
        requests++;
        if (requests == actionAt) {
            return count(KILLED, Fault.processThen(action));
        }
        if (down) {
            return count(DOWN, Fault.status(503));
        }
        if (requests == outageFrom) {
            outageEndsAt = System.nanoTime() + outageLength.toNanos();
        }
        if (outageFrom > 0 && requests >= outageFrom && System.nanoTime() < outageEndsAt) {
            return count(OUTAGE, Fault.status(503));
        }
        if (random.nextDouble() >= faultRate) {
            return null;
        }
        return switch (random.nextInt(5)) {
            // no destination page promises a Retry-After: half the throttles come without one
            case 0 -> count(TOO_MANY_REQUESTS, Fault.tooManyRequests(random.nextBoolean() ? 1 : -1));
            case 1 -> count(SERVER_ERROR, Fault.status(500));
            case 2 -> count(SERVER_ERROR, Fault.status(503));
            case 3 -> count(ANSWER_LOST, Fault.slowAnswer(lostAnswerMillis));
            default -> count(CONNECTION_RESET, Fault.connectionReset());
        };
    }

    private Fault count(String kind, Fault fault) {
        injected.merge(kind, 1, Integer::sum);
        return fault;
    }

    /** Waits until this destination's outage (if it has begun) is over: the destination has recovered. */
    void awaitOutageEnd() {
        long left;
        synchronized (this) {
            left = outageFrom > 0 && requests >= outageFrom ? outageEndsAt - System.nanoTime() : 0;
        }
        if (left > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    /** Faults injected so far, by kind. */
    synchronized Map<String, Integer> injected() {
        return new TreeMap<>(injected);
    }

    synchronized int requests() {
        return requests;
    }
}
