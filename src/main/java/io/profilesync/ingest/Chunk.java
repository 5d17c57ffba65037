package io.profilesync.ingest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A byte range of an uncompressed input file that starts and ends on record boundaries, split on its own.
 *
 * @param index the chunk's place in the file, from 0
 * @param start the first byte (inclusive)
 * @param end the byte after the last (exclusive)
 * @param firstLine the physical line number (1-based) of the chunk's first byte
 */
@RegisterForReflection
public record Chunk(int index, long start, long end, long firstLine) {

    public long bytes() {
        return end - start;
    }
}
