package io.profilesync.splitter;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.splitting.PartitionGroup;
import io.profilesync.sync.StateSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a chunked run's reduce is fanned out, decided once every chunk is split: what the chunks gave, the groups of
 * partitions (each reduced by its own invocation), and each destination's state as the run found it, so that every group
 * starts from the same state.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ReducePlan(List<ChunkSummary> chunks, List<PartitionGroup> groups, Map<String, StateSnapshot> states) {
}
