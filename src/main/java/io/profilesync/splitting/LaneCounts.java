package io.profilesync.splitting;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one destination made of the rows of a file, or of a chunk of it, before de-duplication.
 *
 * @param rows rows read
 * @param mapped rows accepted (each a user, before later rows of the same user supersede it)
 * @param rejected rows refused
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LaneCounts(long rows, long mapped, long rejected) {

    public static final LaneCounts NONE = new LaneCounts(0, 0, 0);

    public LaneCounts plus(LaneCounts other) {
        return new LaneCounts(rows + other.rows, mapped + other.mapped, rejected + other.rejected);
    }
}
