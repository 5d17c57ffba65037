package io.profilesync.bench;

import java.nio.ByteBuffer;

import io.profilesync.common.Hashes;
import io.profilesync.common.LongTable;
import io.profilesync.splitting.DestinationState;

/**
 * The change detection state's size at a number of users per destination: one partition (the most a run holds in
 * memory at once) built as a run does, its heap footprint and the time to read it from its 16-bytes-a-user form,
 * and the whole state's size in S3. Not a test: {@code infra/bench/sync-state USERS...} runs it.
 */
public final class StateBenchmark {

    private StateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            long users = Long.parseLong(arg);
            int perPartition = (int) (users / DestinationState.PARTITIONS);
            ByteBuffer stored = ByteBuffer.allocate(perPartition * 16);
            for (int i = 0; i < perPartition; i++) {
                stored.putLong(Hashes.of("user-" + i)).putLong(Hashes.of("payload-" + i));
            }
            long start = System.nanoTime();
            stored.flip();
            LongTable partition = new LongTable(perPartition);
            while (stored.remaining() >= 16) {
                partition.put(stored.getLong(), stored.getLong());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%,d users per destination: %d partitions of %,d users; one partition %.1f MB in S3, %.1f MB on the heap "
                    + "as a table, read in %.3f s; whole state %.2f GB in S3; peak RSS %s MB%n", users, DestinationState.PARTITIONS,
                    perPartition, perPartition * 16 / 1e6, partition.footprintBytes() / 1e6, seconds, users * 16 / 1e9,
                    SyncBenchmark.peakRssMegabytes());
        }
    }
}
