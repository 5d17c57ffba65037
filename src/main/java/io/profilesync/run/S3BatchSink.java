package io.profilesync.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.profilesync.batching.Batch;
import io.profilesync.queue.BatchMessage;
import io.profilesync.queue.QueueSender;
import io.profilesync.splitting.BatchSink;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.VendorRegistry;

/**
 * Stores each batch body in S3, then queues a message pointing to it on the vendor's queue. Uploads run a
 * few at a time, since an S3 PUT's latency would otherwise bound the split; a batch's message is only sent
 * once its body is stored. The number of batches in flight is bounded, so memory stays bounded too.
 */
public final class S3BatchSink implements BatchSink {

    private final ObjectStore store;
    private final QueueSender queue;
    private final VendorRegistry vendors;
    private final String bucket;
    private final RunKeys keys;
    private final String source;
    private final ExecutorService uploads;
    private final Semaphore inFlight;
    private final int concurrency;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public S3BatchSink(ObjectStore store, QueueSender queue, VendorRegistry vendors, String bucket, RunKeys keys, String source,
            int concurrency) {
        this.store = store;
        this.queue = queue;
        this.vendors = vendors;
        this.bucket = bucket;
        this.keys = keys;
        this.source = source;
        this.concurrency = concurrency;
        this.uploads = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "batch-upload");
            thread.setDaemon(true);
            return thread;
        });
        this.inFlight = new Semaphore(concurrency);
    }

    @Override
    public void write(String vendor, Batch batch) {
        rethrowFailure();
        String queueUrl = vendors.queueUrl(vendor);
        inFlight.acquireUninterruptibly();
        uploads.execute(() -> {
            try {
                String key = keys.batch(vendor, batch);
                store.put(bucket, key, batch.body(), ObjectStore.JSON);
                queue.send(queueUrl, new BatchMessage(keys.runId(), vendor, batch.stream(), batch.number(), bucket, key,
                        batch.firstLine(), batch.lastLine(), batch.items(), source, batch.lineRanges(), null, 0));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    @Override
    public void flush() {
        inFlight.acquireUninterruptibly(concurrency);
        inFlight.release(concurrency);
        uploads.shutdown();
        try {
            uploads.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
        queue.flush();
    }

    private void rethrowFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            uploads.shutdownNow();
            throw e;
        }
    }
}
