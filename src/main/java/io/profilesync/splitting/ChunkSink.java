package io.profilesync.splitting;

/** Where a chunk of a file hands on its destinations' items, per partition, for its run's reduce. */
@FunctionalInterface
public interface ChunkSink {

    /** One destination's items of one partition, encoded; called once per destination and non-empty partition. */
    void partition(String destination, int partition, byte[] items);
}
