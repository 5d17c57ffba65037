package io.profilesync.splitting;

/** Where a chunk of a file hands on its vendors' items, per partition, for its run's reduce. */
@FunctionalInterface
public interface ChunkSink {

    /** One vendor's items of one partition, encoded; called once per vendor and non-empty partition. */
    void partition(String vendor, int partition, byte[] items);
}
