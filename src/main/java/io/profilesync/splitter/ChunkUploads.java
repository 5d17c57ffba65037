package io.profilesync.splitter;

import java.util.Map;
import java.util.TreeMap;

import io.profilesync.splitting.ChunkSink;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.ParallelPuts;

/** Stores a chunk's items per destination and partition for the run's reduce, a few at a time, noting which partitions have any. */
final class ChunkUploads implements ChunkSink {

    private final String bucket;
    private final ChunkKeys keys;
    private final int chunk;
    private final ParallelPuts uploads;
    private final Map<String, Long> partitions = new TreeMap<>();
    private long bytes;

    ChunkUploads(ObjectStore store, String bucket, ChunkKeys keys, int chunk, int concurrency) {
        this.bucket = bucket;
        this.keys = keys;
        this.chunk = chunk;
        this.uploads = new ParallelPuts(store, concurrency, "chunk-upload");
    }

    @Override
    public void partition(String destination, int partition, byte[] items) {
        partitions.merge(destination, 1L << partition, (a, b) -> a | b);
        bytes += items.length;
        uploads.put(bucket, keys.items(chunk, destination, partition), items, ObjectStore.OCTET_STREAM, () -> { });
    }

    void flush() {
        uploads.flush();
    }

    long bytes() {
        return bytes;
    }

    /** Per destination, the partitions stored (bit N: partition N). */
    Map<String, Long> partitions() {
        return partitions;
    }
}
