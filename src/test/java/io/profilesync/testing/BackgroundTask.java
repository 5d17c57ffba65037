package io.profilesync.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Work started on a daemon thread of its own (a server's start, the local buckets and queues) while the caller goes
 * on; whoever needs its result waits for it within a limit, and a task that failed or took too long fails the waiter
 * with one message naming it.
 */
public final class BackgroundTask<T> {

    private final String name;
    private final CompletableFuture<T> result;

    private BackgroundTask(String name, CompletableFuture<T> result) {
        this.name = name;
        this.result = result;
    }

    /** Starts {@code task} on a daemon thread named {@code name}. */
    public static <T> BackgroundTask<T> start(String name, Supplier<T> task) {
        return new BackgroundTask<>(name, CompletableFuture.supplyAsync(task, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** A task already done, for a caller that did the work itself. */
    public static <T> BackgroundTask<T> done(String name, T value) {
        return new BackgroundTask<>(name, CompletableFuture.completedFuture(value));
    }

    /** The task's result, waited for at most {@code limit}. */
    public T await(Duration limit) {
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not end within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }
}
