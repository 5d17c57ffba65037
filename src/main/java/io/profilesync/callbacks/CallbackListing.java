package io.profilesync.callbacks;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The callbacks report: every stored callback under a prefix, stored as {@code <prefix>report.json}.
 *
 * @param prefix what was listed, e.g. {@code callbacks/date=2026-11-23/}
 * @param callbacks one entry per stored callback
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallbackListing(String prefix, int count, List<Entry> callbacks) {

    /**
     * One stored callback: where it is, when it came and from where, which run and batch it names (and the batch's
     * key when the run sent it), how many users it holds.
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(String key, String receivedAt, String runId, Integer batch, String sourceIp, String sentBatch, int users) {
    }
}
