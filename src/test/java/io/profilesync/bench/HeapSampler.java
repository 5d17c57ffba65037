package io.profilesync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.locks.LockSupport;

/** Samples heap use from a background thread; the peak includes garbage not yet collected. */
final class HeapSampler extends Thread {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile boolean running = true;
    private volatile long peak;

    static HeapSampler begin() {
        HeapSampler sampler = new HeapSampler();
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    @Override
    public void run() {
        while (running) {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            LockSupport.parkNanos(5_000_000);
        }
    }

    void finish() throws InterruptedException {
        running = false;
        join();
    }

    long peakBytes() {
        return peak;
    }
}
