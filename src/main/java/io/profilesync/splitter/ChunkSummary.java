package io.profilesync.splitter;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.common.FormerNames;
import io.profilesync.splitting.FileError;
import io.profilesync.splitting.LaneCounts;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one chunk gave, for the run's reduce.
 *
 * @param errors file-level problems met in the chunk
 * @param destinations per destination, the chunk's rows mapped and rejected
 * @param partitions per destination, the partitions the chunk handed items on for (bit N: partition N)
 * @param itemBytes the bytes of items the chunk handed on, for all destinations
 * @param seconds how long the chunk took to split, its items stored
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChunkSummary(int chunk, long rows, List<FileError> errors, @JsonAlias(FormerNames.OF_DESTINATIONS) Map<String, LaneCounts> destinations,
        Map<String, Long> partitions, long itemBytes, double seconds) {

    boolean has(String destination, int partition) {
        return (partitions.getOrDefault(destination, 0L) & (1L << partition)) != 0;
    }
}
