package io.profilesync.splitting;

import io.profilesync.batching.Batch;

/** Where finished batches go: S3 and SQS in the function, memory in benchmarks. */
public interface BatchSink {

    void write(String destination, Batch batch);

    /** Completes any buffered work; called once, after the last batch. */
    default void flush() {
    }
}
