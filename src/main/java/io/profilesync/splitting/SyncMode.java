package io.profilesync.splitting;

/**
 * How a run treats its users.
 *
 * @param fullResync send every user, also those the destination already holds as they are
 * @param dryRun compare and batch, but record nothing: the batches go to a sink that keeps no body, and a few
 *        sample bodies are kept in the summary
 * @param memoryBudget bytes of items a destination keeps in memory until the file is read; more go to temporary files
 */
public record SyncMode(boolean fullResync, boolean dryRun, long memoryBudget) {

    /** 64 MiB of items per destination: a few hundred thousand users before anything touches the disk. */
    public static final long DEFAULT_MEMORY_BUDGET = 64L << 20;
    public static final SyncMode DEFAULT = new SyncMode(false, false, memoryBudget(DEFAULT_MEMORY_BUDGET));

    /**
     * The bytes of items each destination may hold in memory: the configured budget, but never more than a sixteenth of
     * the heap, so that a small heap spills early instead of running out of memory.
     */
    public static long memoryBudget(long configured) {
        return Math.min(configured, Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * This mode for an input of {@code bytes} bytes as stored (0: not known): see {@link #budgetFor}.
     */
    public SyncMode forInput(long bytes) {
        long budget = budgetFor(memoryBudget, bytes);
        return budget == memoryBudget ? this : new SyncMode(fullResync, dryRun, budget);
    }

    /**
     * The items' memory budget for an input of {@code bytes} bytes as stored (0: not known). An input larger than the
     * budget is taken to give more items than fit, so they go to disk from the first: holding the budget first and then
     * spilling it only had the collector copy the held blocks into the old generation (a 168 MB CSV file split about 7%
     * faster, in about 7% less CPU and a quarter less peak memory: BENCHMARKS.md, session 16). A compressed input may
     * be smaller than its items and still spill when they pass the budget, as before.
     */
    public static long budgetFor(long budget, long bytes) {
        return bytes > budget ? 0 : budget;
    }
}
