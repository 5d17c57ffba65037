package io.profilesync.splitter;

import io.profilesync.batching.Batch;
import io.profilesync.queue.BatchMessage;
import io.profilesync.queue.QueueSender;
import io.profilesync.split.BatchSink;
import io.profilesync.storage.ObjectStore;

/** Stores each batch body in S3, then queues a message pointing to it on the vendor's queue. */
final class S3BatchSink implements BatchSink {

    private final ObjectStore store;
    private final QueueSender queue;
    private final VendorRegistry vendors;
    private final String bucket;
    private final RunKeys keys;
    private final String source;

    S3BatchSink(ObjectStore store, QueueSender queue, VendorRegistry vendors, String bucket, RunKeys keys, String source) {
        this.store = store;
        this.queue = queue;
        this.vendors = vendors;
        this.bucket = bucket;
        this.keys = keys;
        this.source = source;
    }

    @Override
    public void write(String vendor, Batch batch) {
        String key = keys.batch(vendor, batch);
        store.put(bucket, key, batch.body(), ObjectStore.JSON);
        queue.send(vendors.queueUrl(vendor), new BatchMessage(keys.runId(), vendor, batch.stream(), batch.number(),
                bucket, key, batch.firstLine(), batch.lastLine(), batch.items(), source));
    }

    @Override
    public void flush() {
        queue.flush();
    }
}
