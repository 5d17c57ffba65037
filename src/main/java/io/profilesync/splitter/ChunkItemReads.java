package io.profilesync.splitter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.profilesync.splitting.ChunkItems;
import io.profilesync.storage.ObjectStore;

/**
 * Reads one destination's partition of every chunk for the reduce, the chunks' objects fetched side by side: a file of
 * many chunks has as many small objects per partition, and one GET after the other would leave the reduce waiting
 * on S3's latency.
 */
final class ChunkItemReads implements ChunkItems, AutoCloseable {

    private static final int READS_AT_ONCE = 16;

    private final ObjectStore store;
    private final String bucket;
    private final ChunkKeys keys;
    private final List<ChunkSummary> chunks;
    private final ExecutorService reads = Executors.newFixedThreadPool(READS_AT_ONCE, task -> {
        Thread thread = new Thread(task, "chunk-items-read");
        thread.setDaemon(true);
        return thread;
    });

    ChunkItemReads(ObjectStore store, String bucket, ChunkKeys keys, List<ChunkSummary> chunks) {
        this.store = store;
        this.bucket = bucket;
        this.keys = keys;
        this.chunks = chunks;
    }

    @Override
    public List<byte[]> partition(String destination, int partition) {
        List<Future<byte[]>> pending = new ArrayList<>();
        for (ChunkSummary chunk : chunks) {
            if (chunk.has(destination, partition)) {
                String key = keys.items(chunk.chunk(), destination, partition);
                pending.add(reads.submit(() -> store.read(bucket, key).orElseThrow(() -> new IllegalStateException(
                        "chunk " + chunk.chunk() + "'s items of partition " + partition + " for " + destination + " are missing"))));
            }
        }
        List<byte[]> blobs = new ArrayList<>(pending.size());
        for (Future<byte[]> read : pending) {
            blobs.add(await(read));
        }
        return blobs;
    }

    private static byte[] await(Future<byte[]> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading chunk items", e);
        }
    }

    @Override
    public void close() {
        reads.shutdownNow();
    }
}
