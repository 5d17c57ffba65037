package io.profilesync.splitter;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.common.FormerNames;
import io.profilesync.splitting.DestinationSummary;
import io.profilesync.sync.StateChanges;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one group of partitions of a chunked run gave, for the invocation that finishes the run.
 *
 * @param destinations per destination, what the group's partitions decided (see {@code DestinationSummary.joined})
 * @param states per destination, what the group changed in the state, committed when the run finishes
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record GroupResult(int group, @JsonAlias(FormerNames.OF_DESTINATIONS) Map<String, DestinationSummary> destinations, Map<String, StateChanges> states, double seconds) {
}
