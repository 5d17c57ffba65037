package io.profilesync.run;

import io.profilesync.batching.Batch;
import io.profilesync.queue.BatchMessage;
import io.profilesync.queue.QueueSender;
import io.profilesync.splitting.BatchSink;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.ParallelPuts;
import io.profilesync.vendor.VendorRegistry;

/**
 * Stores each batch body in S3, then queues a message pointing to it on the vendor's queue. Uploads run a
 * few at a time ({@link ParallelPuts}); a batch's message is only sent once its body is stored.
 */
public final class S3BatchSink implements BatchSink {

    private final QueueSender queue;
    private final VendorRegistry vendors;
    private final String bucket;
    private final RunKeys keys;
    private final String source;
    private final String sync;
    private final String order;
    private final ParallelPuts uploads;

    /**
     * @param sync the run's sync
     * @param order the run's place in its sync's order, which its messages carry
     */
    public S3BatchSink(ObjectStore store, QueueSender queue, VendorRegistry vendors, String bucket, RunKeys keys, String source,
            String sync, String order, int concurrency) {
        this.queue = queue;
        this.vendors = vendors;
        this.bucket = bucket;
        this.keys = keys;
        this.source = source;
        this.sync = sync;
        this.order = order;
        this.uploads = new ParallelPuts(store, concurrency, "batch-upload");
    }

    @Override
    public void write(String vendor, Batch batch) {
        String queueUrl = vendors.queueUrl(vendor);
        String key = keys.batch(vendor, batch);
        uploads.put(bucket, key, batch.body(), ObjectStore.JSON, () -> queue.send(queueUrl, BatchMessage.of(keys.runId(),
                vendor, batch, bucket, key, source, sync, order)));
    }

    @Override
    public void flush() {
        uploads.flush();
        queue.flush();
    }
}
