package io.profilesync.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.Batch;
import io.profilesync.queue.BatchMessage;
import io.profilesync.queue.QueueSender;
import io.profilesync.splitting.BatchSink;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.ParallelPuts;
import io.profilesync.destination.DestinationRegistry;

/**
 * Stores each batch body in S3, then queues a message pointing to it on the destination's queue. Uploads run a
 * few at a time ({@link ParallelPuts}); a batch's message is only sent once its body is stored. A guarded run's
 * messages are not sent but kept, at {@link #flush} stored under {@code deferredKey}, until its guards are checked.
 */
public final class S3BatchSink implements BatchSink {

    private final ObjectStore store;
    private final ObjectMapper json;
    private final QueueSender queue;
    private final DestinationRegistry destinations;
    private final String bucket;
    private final RunKeys keys;
    private final String source;
    private final String sync;
    private final String order;
    private final ParallelPuts uploads;
    private final Optional<String> deferredKey;
    private final List<DeferredMessage> deferred = new ArrayList<>();

    /**
     * @param sync the run's sync
     * @param order the run's place in its sync's order, which its messages carry
     * @param deferredKey where a guarded run keeps its messages, if it is one
     */
    public S3BatchSink(ObjectStore store, ObjectMapper json, QueueSender queue, DestinationRegistry destinations, String bucket,
            RunKeys keys, String source, String sync, String order, int concurrency, Optional<String> deferredKey) {
        this.store = store;
        this.json = json;
        this.queue = queue;
        this.destinations = destinations;
        this.bucket = bucket;
        this.keys = keys;
        this.source = source;
        this.sync = sync;
        this.order = order;
        this.uploads = new ParallelPuts(store, concurrency, "batch-upload");
        this.deferredKey = deferredKey;
    }

    @Override
    public void write(String destination, Batch batch) {
        String queueUrl = destinations.queueUrl(destination);
        String key = keys.batch(destination, batch);
        BatchMessage message = BatchMessage.of(keys.runId(), destination, batch, bucket, key, source, sync, order);
        uploads.put(bucket, key, batch.body(), ObjectStore.JSON, () -> {
            if (deferredKey.isPresent()) {
                defer(new DeferredMessage(queueUrl, message));
            } else {
                queue.send(queueUrl, message);
            }
        });
    }

    private synchronized void defer(DeferredMessage message) {
        deferred.add(message);
    }

    @Override
    public void flush() {
        uploads.flush();
        if (deferredKey.isPresent()) {
            synchronized (this) {
                DeferredMessage.write(store, json, bucket, deferredKey.get(), deferred);
            }
        } else {
            queue.flush();
        }
    }
}
