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
import java.util.function.Function;

/**
 * Hands every row to every destination lane. With more than one processor, each lane runs on its own thread and
 * gets the rows in chunks, in file order; the reading thread keeps a few chunks in flight and writes the lanes'
 * rejections out in line order, as a single thread would. Memory stays bounded by the rows' sizes, not only their
 * count: a chunk is handed over at {@value #CHUNK_ROWS} rows or {@value #CHUNK_SIZE} characters of them, and the
 * reading thread waits once the chunks in flight hold more than {@code sizeInFlight}, so the lanes have at most that
 * (or one chunk) and the chunk last handed over yet to handle: a file of records of megabytes would otherwise hold
 * thousands of them. With one processor (a small Lambda) the lanes run on the reading thread.
 *
 * @param <L> a lane
 */
final class LaneRunner<L> implements AutoCloseable {

    private static final int CHUNK_ROWS = 512;
    static final int CHUNK_SIZE = 1 << 20;
    private static final int CHUNKS_IN_FLIGHT = 8;

    private final List<L> lanes;
    private final RejectionSink rejections;
    private final long sizeInFlight;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private long inFlightSize;
    private List<Step<L>> chunk = new ArrayList<>(CHUNK_ROWS);
    private long chunkSize;

    /** What a lane does with one row, its rejections going to the sink it is given. */
    @FunctionalInterface
    interface Step<L> {
        void apply(L lane, RejectionSink rejections);
    }

    /** A chunk the lanes are handling: each lane's rejections, and the size of its rows. */
    private record InFlight(List<Future<List<Rejection>>> results, long size) {
    }

    /**
     * @param name a lane's name, which its thread is named after
     * @param sizeInFlight the {@link io.profilesync.ingest.SourceRow#size sizes} of rows the lanes may have yet to
     *        handle; past it, the reading thread waits for them (the chunk last handed over is never waited for)
     */
    LaneRunner(List<L> lanes, Function<L, String> name, RejectionSink rejections, boolean parallel, long sizeInFlight) {
        this.lanes = List.copyOf(lanes);
        this.rejections = rejections;
        this.sizeInFlight = sizeInFlight;
        if (parallel && lanes.size() > 1) {
            lanes.forEach(lane -> threads.add(Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "lane-" + name.apply(lane));
                thread.setDaemon(true);
                return thread;
            })));
        }
    }

    /** Whether lanes should run in parallel here: only when there is more than one processor to run them. */
    static boolean worthwhile() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Gives a row (one step per lane, e.g. accept or reject it) of that {@link io.profilesync.ingest.SourceRow#size size} to every lane. */
    void each(Step<L> step, long size) {
        if (threads.isEmpty()) {
            lanes.forEach(lane -> step.apply(lane, rejections));
            return;
        }
        chunk.add(step);
        chunkSize += size;
        if (chunk.size() == CHUNK_ROWS || chunkSize >= CHUNK_SIZE) {
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
        List<Step<L>> rows = chunk;
        chunk = new ArrayList<>(CHUNK_ROWS);
        List<Future<List<Rejection>>> results = new ArrayList<>(lanes.size());
        for (int i = 0; i < lanes.size(); i++) {
            L lane = lanes.get(i);
            results.add(threads.get(i).submit(() -> {
                List<Rejection> rejected = new ArrayList<>();
                RejectionSink into = rejected::add;
                rows.forEach(step -> step.apply(lane, into));
                return rejected;
            }));
        }
        inFlight.addLast(new InFlight(results, chunkSize));
        inFlightSize += chunkSize;
        chunkSize = 0;
        while (inFlight.size() > CHUNKS_IN_FLIGHT || inFlight.size() > 1 && inFlightSize > sizeInFlight) {
            completeOldest();
        }
    }

    private void completeOldest() {
        InFlight oldest = inFlight.removeFirst();
        List<Rejection> rejected = new ArrayList<>();
        for (Future<List<Rejection>> result : oldest.results()) {
            rejected.addAll(await(result));
        }
        inFlightSize -= oldest.size();
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
