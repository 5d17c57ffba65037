package io.profilesync.sync;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a run changed in one destination's state, in all partitions or in a group of them, until the run commits it.
 *
 * @param partitions partition number to the object the run stored it in anew (earlier runs folded in)
 * @param users users per partition stored anew
 * @param sentAny whether the run sends any user from these partitions (it then joins the unfolded runs)
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StateChanges(Map<Integer, String> partitions, Map<Integer, Integer> users, boolean sentAny) {

    public StateChanges {
        partitions = Map.copyOf(partitions);
        users = Map.copyOf(users);
    }
}
