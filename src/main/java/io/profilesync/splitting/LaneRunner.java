package io.profilesync.splitting;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hands every row to every destination lane. With more than one processor, each lane runs on its own thread and
 * gets the rows in chunks, in file order; the reading thread keeps a few chunks in flight (so memory stays
 * bounded) and writes the lanes' rejections out in line order, as a single thread would. With one processor
 * (a small Lambda) the lanes run on the reading thread.
 */
final class LaneRunner implements AutoCloseable {

    private static final int CHUNK_ROWS = 512;
    private static final int CHUNKS_IN_FLIGHT = 8;

    private final List<DestinationLane> lanes;
    private final RejectionSink rejections;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final Deque<List<Future<List<Rejection>>>> inFlight = new ArrayDeque<>();
    private List<Step> chunk = new ArrayList<>(CHUNK_ROWS);

    /** What a lane does with one row, its rejections going to the sink it is given. */
    @FunctionalInterface
    interface Step {
        void apply(DestinationLane lane, RejectionSink rejections);
    }

    LaneRunner(List<DestinationLane> lanes, RejectionSink rejections, boolean parallel) {
        this.lanes = List.copyOf(lanes);
        this.rejections = rejections;
        if (parallel && lanes.size() > 1) {
            lanes.forEach(lane -> threads.add(Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "lane-" + lane.destination());
                thread.setDaemon(true);
                return thread;
            })));
        }
    }

    /** Whether lanes should run in parallel here: only when there is more than one processor to run them. */
    static boolean worthwhile() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Gives a row (one step per lane, e.g. accept or reject it) to every lane. */
    void each(Step step) {
        if (threads.isEmpty()) {
            lanes.forEach(lane -> step.apply(lane, rejections));
            return;
        }
        chunk.add(step);
        if (chunk.size() == CHUNK_ROWS) {
            submit();
        }
    }

    /** Waits until every lane has handled every row given so far. */
    void drain() {
        if (!chunk.isEmpty()) {
            submit();
        }
        while (!inFlight.isEmpty()) {
            completeOldest();
        }
    }

    private void submit() {
        List<Step> rows = chunk;
        chunk = new ArrayList<>(CHUNK_ROWS);
        List<Future<List<Rejection>>> results = new ArrayList<>(lanes.size());
        for (int i = 0; i < lanes.size(); i++) {
            DestinationLane lane = lanes.get(i);
            results.add(threads.get(i).submit(() -> {
                List<Rejection> rejected = new ArrayList<>();
                RejectionSink into = rejected::add;
                rows.forEach(step -> step.apply(lane, into));
                return rejected;
            }));
        }
        inFlight.addLast(results);
        while (inFlight.size() > CHUNKS_IN_FLIGHT) {
            completeOldest();
        }
    }

    private void completeOldest() {
        List<Rejection> rejected = new ArrayList<>();
        for (Future<List<Rejection>> result : inFlight.removeFirst()) {
            rejected.addAll(await(result));
        }
        rejected.sort(Comparator.comparingLong(Rejection::line));
        rejected.forEach(rejections::reject);
    }

    static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while splitting", e);
        }
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }
}
