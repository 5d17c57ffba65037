package io.profilesync.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.runguard.GuardCrossed;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why a run was held, and what became of it.
 *
 * @param guard the guard it crossed, with the figures
 * @param heldAt when it was held (ISO-8601)
 * @param releasedAt when an operator released it, or null
 * @param supersededBy the newer run of the sync that replaced it, or null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunHold(GuardCrossed guard, String heldAt, String releasedAt, String supersededBy) {
}
