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
}
