package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * The rows the reading thread hands the destinations' lanes ahead of them are bounded by their sizes, not only their
 * count: a file of records of megabytes must not hold thousands of them (the count alone allowed 4,608 rows). Every row
 * still reaches every lane once, in file order, and the rejections come out in line order.
 */
class LaneRunnerProperties {

    private static final long WAIT_SECONDS = 20;

    @Property(tries = 25)
    void rowsAheadOfTheLanesAreBoundedByTheirSizes(@ForAll("sizes") List<Long> sizes,
            @ForAll @LongRange(min = 1, max = 8L << 20) long sizeInFlight) throws Exception {
        List<String> lanes = List.of("a", "b", "c");
        CountDownLatch lanesMayGo = new CountDownLatch(1);
        List<List<Integer>> handled = lanes.stream().map(lane -> Collections.synchronizedList(new ArrayList<Integer>())).toList();
        List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
        AtomicLong handedOver = new AtomicLong();
        ExecutorService reading = Executors.newSingleThreadExecutor();
        Thread[] reader = new Thread[1];
        try (LaneRunner<String> runner = new LaneRunner<>(lanes, lane -> lane, rejections::add, true, sizeInFlight)) {
            Future<?> read = reading.submit(() -> {
                reader[0] = Thread.currentThread();
                for (int row = 0; row < sizes.size(); row++) {
                    int line = row + 1;
                    runner.each((lane, rejected) -> {
                        awaitOrFail(lanesMayGo);
                        handled.get(lanes.indexOf(lane)).add(line);
                        if (line % 7 == 0) {
                            rejected.reject(new Rejection(line, lane, "*", "test", "every seventh"));
                        }
                    }, sizes.get(row));
                    handedOver.addAndGet(sizes.get(row));
                }
                runner.drain();
                return null;
            });
            // a chunk is handed over once it reaches CHUNK_SIZE, so it holds less than that and one row more
            long chunk = LaneRunner.CHUNK_SIZE + sizes.stream().mapToLong(Long::longValue).max().orElse(0);
            // what the lanes have yet to handle stays within the bound (or one chunk) plus the chunk last handed over
            long bound = Math.max(sizeInFlight, chunk) + chunk;
            long total = sizes.stream().mapToLong(Long::longValue).sum();
            // the lanes handle nothing until the reader stops: it must stop (waiting for them) once past the bound
            if (total > bound) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                while (reader[0] == null || reader[0].getState() != Thread.State.WAITING) {
                    if (read.isDone() || System.nanoTime() > deadline) {
                        fail("the reader handed over all " + sizes.size() + " rows (" + total + " characters) to lanes that"
                                + " handled none, past the bound of " + bound);
                    }
                    Thread.onSpinWait();
                }
            }
            assertTrue(handedOver.get() <= bound, "handed over " + handedOver.get() + " characters ahead of the lanes, more"
                    + " than " + bound);
            lanesMayGo.countDown();
            read.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            lanesMayGo.countDown();
            reading.shutdownNow();
        }
        List<Integer> lines = IntStream.rangeClosed(1, sizes.size()).boxed().toList();
        handled.forEach(each -> assertEquals(lines, each));
        List<Long> rejected = rejections.stream().map(Rejection::line).toList();
        assertEquals(rejected.stream().sorted().toList(), rejected);
        assertEquals(3 * (sizes.size() / 7), rejected.size());
    }

    @Provide
    Arbitrary<List<Long>> sizes() {
        Arbitrary<Long> row = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 400)),
                Tuple.of(3, Arbitraries.longs().between(10_000, 400_000)),
                Tuple.of(1, Arbitraries.longs().between(1_000_000, 6_000_000)));
        return row.list().ofMinSize(1).ofMaxSize(6_000);
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let the lanes go");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
