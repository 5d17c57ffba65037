package io.profilesync.splitting;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Some of the partitions of a file read in chunks, finished by one reduce. A large file's reduce is fanned out in
 * groups of partitions: they are independent, since all rows of a user fall in one partition. Each group numbers its
 * batches from a range of its own, so that no two groups give a batch the same number; the run's manifest lists the
 * numbers ({@link StreamSummary#numbers}).
 *
 * @param index the group's place, from 0
 * @param first its first partition
 * @param end the partition after its last
 */
@RegisterForReflection
public record PartitionGroup(int index, int first, int end) {

    /** Batch numbers each group may give per stream: far more than a group's items fill (a group holds a few GiB). */
    static final int BATCHES_PER_GROUP = 10_000_000;

    /** Every partition, numbered from 1: the reduce of a file in one group. */
    public static final PartitionGroup ALL = new PartitionGroup(0, 0, DestinationState.PARTITIONS);

    /** Every partition in {@code groups} groups of (nearly) equal size, in order. */
    public static List<PartitionGroup> split(int groups) {
        if (groups < 1 || groups > DestinationState.PARTITIONS) {
            throw new IllegalArgumentException("between 1 and " + DestinationState.PARTITIONS + " groups, not " + groups);
        }
        List<PartitionGroup> split = new ArrayList<>(groups);
        for (int index = 0; index < groups; index++) {
            split.add(new PartitionGroup(index, index * DestinationState.PARTITIONS / groups,
                    (index + 1) * DestinationState.PARTITIONS / groups));
        }
        return split;
    }

    /** How many groups for this many bytes of the chunks' items: one per {@code groupBytes}, 1 to 64. */
    public static int count(long itemBytes, long groupBytes) {
        return (int) Math.max(1, Math.min(DestinationState.PARTITIONS, (itemBytes + groupBytes - 1) / groupBytes));
    }

    int firstBatch() {
        return index * BATCHES_PER_GROUP + 1;
    }

    int lastBatch() {
        return firstBatch() + BATCHES_PER_GROUP - 1;
    }
}
