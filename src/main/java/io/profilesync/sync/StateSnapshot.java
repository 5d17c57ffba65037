package io.profilesync.sync;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.sync.StateManifest.UnfoldedRun;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One destination's state as a chunked run found it, shared by the groups of partitions its reduce is fanned out to.
 *
 * @param manifest the state's manifest
 * @param etag its version, which the run's commit expects to replace (null: there was no state yet)
 * @param folding the earlier runs this run folds into the state, the first of {@code manifest.unfolded}
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StateSnapshot(StateManifest manifest, String etag, List<UnfoldedRun> folding) {
}
