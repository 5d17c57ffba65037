package io.profilesync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.profilesync.splitting.UserDecision;
import io.profilesync.splitting.UserDecision.Decision;
import io.profilesync.splitting.DestinationState;
import io.profilesync.sync.UserIndex;

/**
 * The per-user index's cost for one run of one destination (docs/tracing-one-user.md): for USERS users, the objects
 * and bytes the splitter writes (one object per partition), the time to encode them, and what one lookup reads.
 * Not a test: {@code java -cp ... io.profilesync.bench.StoryIndexBenchmark [USERS]}.
 */
public final class StoryIndexBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private StoryIndexBenchmark() {
    }

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        SplittableRandom random = new SplittableRandom();
        List<List<UserDecision>> partitions = new ArrayList<>();
        for (int partition = 0; partition < DestinationState.PARTITIONS; partition++) {
            partitions.add(new ArrayList<>());
        }
        for (int i = 0; i < users; i++) {
            long keyHash = random.nextLong() | 1;
            // a daily run: most users unchanged, 1% changed (sent), as in infra/bench/sync
            boolean sent = random.nextInt(100) == 0;
            partitions.get(DestinationState.partition(keyHash)).add(new UserDecision(keyHash, i + 2L,
                    sent ? Decision.CHANGED : Decision.UNCHANGED, random.nextLong(), sent ? "users" : "", sent ? i / 1000 + 1 : 0,
                    sent ? i % 1000 : 0, ""));
        }
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            long bytes = 0;
            long largest = 0;
            for (List<UserDecision> partition : partitions) {
                byte[] object = UserIndex.encode(partition);
                bytes += object.length;
                largest = Math.max(largest, object.length);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("round %d: %,d users -> %d objects, %,d bytes (%.1f bytes a user, largest object %,d bytes),"
                    + " encoded in %.2f s (%.2f s of CPU); one lookup reads 8 header bytes and about %,d bytes of records%n", round + 1,
                    users, partitions.size(), bytes, (double) bytes / users, largest, seconds, cpuSeconds,
                    bytes / partitions.size() / 256);
        }
    }
}
