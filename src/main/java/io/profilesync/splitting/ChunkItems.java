package io.profilesync.splitting;

import java.util.List;

/** The items every chunk of a file handed on ({@link ChunkSink}), read back for the run's reduce. */
@FunctionalInterface
public interface ChunkItems {

    /** One destination's items of one partition from every chunk that has any, in chunk order. */
    List<byte[]> partition(String destination, int partition);
}
