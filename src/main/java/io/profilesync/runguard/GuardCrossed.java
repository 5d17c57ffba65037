package io.profilesync.runguard;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.profilesync.common.FormerNames;

/**
 * The first guard a run crossed, with its figures.
 *
 * @param guard the setting ({@code min_rows}, {@code max_rejected_share}, {@code max_removed_share})
 * @param destination the destination whose counts crossed it; null for the file's rows
 * @param count what was counted: rows of the file, rejected rows or removed users of the destination
 * @param of what a share is taken of (the destination's rows, or its accepted + removed users); for {@code min_rows}, the
 *        limit
 * @param limit the limit as the mapping wrote it ({@code 10%}, {@code 1000})
 * @param message the guard and its figures in words
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GuardCrossed(String guard, @JsonAlias(FormerNames.OF_DESTINATION) @JsonInclude(JsonInclude.Include.NON_NULL) String destination, long count, long of,
        String limit, String message) {
}
