package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.run.RunKeys;
import io.profilesync.splitting.DestinationState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.RunOrder.Registration;
import io.profilesync.testing.LocalAws;

/**
 * The protocol that keeps an older value from reaching a destination after a newer one ({@link Freshness}, {@link RunOrder}),
 * on a real S3 server (LocalS3): the cases one by one, then runs racing on threads.
 */
class FreshnessTest {

    private static final String BUCKET = "freshness";
    private static final String DESTINATION = "insider";
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static LocalAws aws;
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        aws.createBucket(BUCKET);
        store = new ObjectStore(aws.s3(), new ObjectMapper());
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static Freshness freshness() {
        return new Freshness(store, BUCKET, "state/", "runs/");
    }

    private static RunOrder order() {
        return new RunOrder(store, BUCKET, "state/");
    }

    private static String sync() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A run registered at {@code fileTime} that holds {@code users}, its split done. */
    private static Registration splitRun(String sync, long fileTime, long... users) {
        Registration run = order().register(sync, "r" + UUID.randomUUID().toString().substring(0, 6),
                Optional.of(Instant.ofEpochSecond(fileTime)), LEASE, Duration.ofDays(15));
        hold(sync, run, users);
        order().split(run);
        return run;
    }

    private static void hold(String sync, Registration run, long... users) {
        StateKeys keys = new StateKeys("state/", sync, DESTINATION);
        Map<Integer, List<Long>> partitions = new HashMap<>();
        Arrays.stream(users).forEach(user -> partitions.computeIfAbsent(DestinationState.partition(user), p -> new ArrayList<>())
                .add(user));
        partitions.forEach((partition, keysOf) -> store.put(BUCKET, keys.holding(new RunKeys("runs/", run.runId()), "users",
                partition), LongPairs.keys(keysOf.stream().mapToLong(Long::longValue).sorted().toArray()),
                ObjectStore.OCTET_STREAM));
    }

    private static Freshness.Check begin(String sync, Registration run, String batch, long... users) {
        return freshness().begin(sync, run.order(), DESTINATION, "users", batch, users, Instant.now().plus(LEASE));
    }

    /** Users spread over partitions: a key hash's partition is its top bits. */
    private static long user(int n) {
        return ((long) (n % 64) << 58) | (n + 1);
    }

    @Test
    void theUsersANewerRunHoldsAreStaleTheOthersArePosted() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1), user(2), user(3));
        Registration newer = splitRun(sync, 200, user(2), user(70));

        Freshness.Go go = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000001", user(1), user(2), user(3), 0));

        BitSet stale = new BitSet();
        stale.set(1);
        assertEquals(stale, go.stale(), "only the user the newer run holds is stale");
        assertEquals(Optional.of(newer.runId()), go.newer());
        freshness().end(go);
        Freshness.Go newest = assertInstanceOf(Freshness.Go.class, begin(sync, newer, "users-000001", user(2), user(70)));
        assertTrue(newest.stale().isEmpty(), "nothing is newer than the newest run");
        freshness().end(newest);
    }

    @Test
    void aNewerRunAGuardHoldsMakesNothingStaleUntilItIsReleased() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1), user(2));
        Registration held = splitRun(sync, 200, user(2));
        manifest(held, "held");

        Freshness.Go whileHeld = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000001", user(1), user(2)));

        assertTrue(whileHeld.stale().isEmpty(), "a held run may never post (a newer file supersedes it): "
                + "the older run's values go out");
        freshness().end(whileHeld);
        manifest(held, "released");
        Freshness.Go released = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000002", user(1), user(2)));
        assertEquals(BitSet.valueOf(new long[] {0b10}), released.stale(), "released, it holds user 2 as any newer run");
        assertEquals(Optional.of(held.runId()), released.newer());
        freshness().end(released);
    }

    @Test
    void aSupersededRunMakesNothingStaleEvenBeforeItLeavesTheOrder() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1));
        manifest(splitRun(sync, 200, user(1)), "superseded");

        Freshness.Go go = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000001", user(1)));

        assertTrue(go.stale().isEmpty(), "a superseded run never posts");
        freshness().end(go);
    }

    @Test
    void aRetriedSplitThatFindsItsRunSplitKeepsItInTheOrder() {
        String sync = sync();
        Registration run = splitRun(sync, 100, user(1));
        Registration again = order().register(sync, run.runId(), Optional.of(Instant.ofEpochSecond(100)), LEASE,
                Duration.ofDays(15));

        order().split(again);

        assertEquals(List.of(run.order()), order().runs(sync).stream().map(Registration::order).toList(),
                "the run is still split in its place: its batches are not all stale");
    }

    @Test
    void aReleasedRunsPostWaitsForAnOlderPostThatWentOutWhileItWasHeld() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1));
        Registration held = splitRun(sync, 200, user(1));
        manifest(held, "held");
        Freshness.Go olderPost = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000001", user(1)));
        manifest(held, "released");

        assertInstanceOf(Freshness.Wait.class, begin(sync, held, "users-000001", user(1)),
                "the older value is on its way: the released run's newer one goes after it");

        freshness().end(olderPost);
        freshness().end(assertInstanceOf(Freshness.Go.class, begin(sync, held, "users-000001", user(1))));
    }

    /** A run's manifest as the guards write it: only its status matters here. */
    private static void manifest(Registration run, String status) {
        store.putJson(BUCKET, new RunKeys("runs/", run.runId()).manifest(), Map.of("run_id", run.runId(), "status", status));
    }

    @Test
    void theFileTimeOrdersRunsNotTheOrderTheyWereSplitIn() {
        String sync = sync();
        Registration droppedLater = splitRun(sync, 200, user(5));
        Registration droppedEarlier = splitRun(sync, 100, user(5));

        Freshness.Go go = assertInstanceOf(Freshness.Go.class, begin(sync, droppedEarlier, "users-000001", user(5)));

        assertEquals(1, go.stale().cardinality(), "the file dropped earlier is older, though it was split later");
        freshness().end(go);
        assertTrue(assertInstanceOf(Freshness.Go.class, begin(sync, droppedLater, "users-000002", user(5))).stale().isEmpty());
    }

    @Test
    void anOlderPostWaitsWhileANewerRunIsSplittingAndGoesOnOnceItIsSplit() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1), user(2));
        Registration newer = order().register(sync, "splitting", Optional.of(Instant.ofEpochSecond(200)), LEASE,
                Duration.ofDays(15));

        Freshness.Wait wait = assertInstanceOf(Freshness.Wait.class, begin(sync, older, "users-000001", user(1), user(2)));

        assertTrue(wait.why().contains("still splitting"), wait.why());
        assertTrue(store.list(BUCKET, new StateKeys("state/", sync, DESTINATION).postingPrefix()).isEmpty(),
                "a post that waits is not recorded as in progress");
        hold(sync, newer, user(2));
        order().split(newer);
        Freshness.Go go = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000001", user(1), user(2)));
        assertEquals(1, go.stale().cardinality());
    }

    @Test
    void aSplitWhoseLeaseRanOutIsNotWaitedFor() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1));
        order().register(sync, "dead", Optional.of(Instant.ofEpochSecond(200)), Duration.ofMillis(-1), Duration.ofDays(15));

        Freshness.Go go = assertInstanceOf(Freshness.Go.class, begin(sync, older, "users-000001", user(1)));

        assertTrue(go.stale().isEmpty(), "a split that died holds nothing; its retry registers it again");
    }

    @Test
    void aNewerPostWaitsForAnOlderPostInProgress() {
        String sync = sync();
        Registration older = splitRun(sync, 100, user(1));
        Registration newer = splitRun(sync, 200, user(1));
        // the older post looked before the newer run was split: it holds its place and posts
        Freshness.Go inProgress = assertInstanceOf(Freshness.Go.class, freshness().begin(sync, older.order(), DESTINATION, "users",
                "users-000001", new long[] {user(1)}, Instant.now().plus(LEASE)));

        Freshness.Wait wait = assertInstanceOf(Freshness.Wait.class, begin(sync, newer, "users-000001", user(1)));

        assertTrue(wait.why().contains("older run"), wait.why());
        freshness().end(inProgress);
        assertInstanceOf(Freshness.Go.class, begin(sync, newer, "users-000001", user(1)));
    }

    @Test
    void aBatchOfARunTheSyncNoLongerRemembersIsStale() {
        String sync = sync();
        splitRun(sync, 100, user(1));
        Registration forgotten = new Registration(sync, "0000000000001-0000000000001-gone", true, null);

        Freshness.Go go = assertInstanceOf(Freshness.Go.class, begin(sync, forgotten, "users-000001", user(1), user(2)));

        assertEquals(2, go.stale().cardinality());
    }

    /**
     * Runs racing on threads: each registers, records what it holds, is marked split, then posts its batches from
     * several threads at once, each waiting and trying again as {@link Freshness} says. The model destination logs which
     * run's value it took for each user: per user, the runs it took must be in file order.
     */
    @Test
    void racingRunsNeverPostAnOlderValueAfterANewerOne() throws Exception {
        java.util.Random random = new java.util.Random(System.nanoTime());
        for (int round = 0; round < 8; round++) {
            String sync = sync();
            String ids = UUID.randomUUID().toString().substring(0, 8); // run ids are unique, as the splitter's are
            int runs = 2 + random.nextInt(3);
            List<long[]> held = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                held.add(random.ints(1 + random.nextInt(6), 0, 8).distinct().mapToLong(FreshnessTest::user).toArray());
            }
            Map<Long, List<String>> destination = Collections.synchronizedMap(new HashMap<>());
            ExecutorService threads = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Integer> fileTimes = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                fileTimes.add(run);
            }
            Collections.shuffle(fileTimes, random);
            for (int run = 0; run < runs; run++) {
                long[] users = held.get(run);
                int fileTime = fileTimes.get(run);
                work.add(threads.submit(() -> {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(150)); // files dropped at different moments
                    Registration registration = order().register(sync, "r" + fileTime + "x" + ids, Optional.of(Instant.ofEpochSecond(
                            fileTime)), LEASE, Duration.ofDays(15));
                    hold(sync, registration, users);
                    order().split(registration);
                    for (int batch = 0; batch < users.length; batch++) {
                        long[] one = {users[batch]};
                        String name = "users-" + batch;
                        work.add(threads.submit(() -> post(sync, registration, name, one, destination)));
                    }
                    return null;
                }));
            }
            for (int i = 0; i < work.size(); i++) {
                work.get(i).get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            destination.forEach((user, taken) -> {
                List<String> sorted = new ArrayList<>(taken);
                Collections.sort(sorted);
                assertEquals(sorted, taken, "user " + user + " took runs out of file order: " + taken);
            });
            for (int run = 0; run < runs; run++) {
                for (long user : held.get(run)) {
                    int newest = fileTimes.get(run);
                    for (int other = 0; other < runs; other++) {
                        if (Arrays.stream(held.get(other)).anyMatch(u -> u == user)) {
                            newest = Math.max(newest, fileTimes.get(other));
                        }
                    }
                    List<String> taken = destination.getOrDefault(user, List.of("none"));
                    assertEquals("r" + newest + "x" + ids, taken.get(taken.size() - 1),
                            "user " + user + " ends with its newest run's value");
                }
            }
        }
    }

    private static Void post(String sync, Registration run, String batch, long[] users, Map<Long, List<String>> destination)
            throws InterruptedException {
        Instant limit = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(limit)) {
            Freshness.Check check = freshness().begin(sync, run.order(), DESTINATION, "users", batch, users,
                    Instant.now().plus(LEASE));
            if (check instanceof Freshness.Go go) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(100)); // the destination call: it takes the value as it ends
                for (int i = 0; i < users.length; i++) {
                    if (!go.stale().get(i)) {
                        destination.computeIfAbsent(users[i], user -> Collections.synchronizedList(new ArrayList<>()))
                                .add(run.runId());
                    }
                }
                freshness().end(go);
                return null;
            }
            Thread.onSpinWait(); // a deferred message comes back later: here, at once
        }
        fail(batch + " of run " + run.runId() + " still waits after 30 s");
        return null;
    }
}
