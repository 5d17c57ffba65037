package io.profilesync.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores objects a few at a time, since one S3 PUT's latency would otherwise bound whoever writes many. The
 * objects in flight are bounded, so memory stays bounded too; an action given with an object runs once it is stored.
 */
public final class ParallelPuts {

    private final ObjectStore store;
    private final ExecutorService uploads;
    private final Semaphore inFlight;
    private final int concurrency;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public ParallelPuts(ObjectStore store, int concurrency, String threadName) {
        this.store = store;
        this.concurrency = concurrency;
        this.uploads = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        this.inFlight = new Semaphore(concurrency);
    }

    /** Stores an object, then runs {@code stored}; waits while {@code concurrency} objects are in flight. */
    public void put(String bucket, String key, byte[] body, String contentType, Runnable stored) {
        rethrowFailure();
        inFlight.acquireUninterruptibly();
        uploads.execute(() -> {
            try {
                store.put(bucket, key, body, contentType);
                stored.run();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    /** Waits until every object is stored; throws the first failure. No more objects may be put after it. */
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
    }

    private void rethrowFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            uploads.shutdownNow();
            throw e;
        }
    }
}
