package io.profilesync.splitter;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the splitter did with one record of an S3 event.
 *
 * @param source {@code s3://bucket/key}
 * @param status {@code succeeded}, {@code failed}, {@code duplicate} (already split) or {@code ignored}
 *        (outside the input prefix)
 * @param runId the run, when there is one
 * @param manifest the manifest's location, when there is one
 * @param message a short explanation
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SplitOutcome(String source, String status, String runId, String manifest, String message) {

    public static final String DUPLICATE = "duplicate";
    public static final String IGNORED = "ignored";
    /** A large file whose chunks are queued: its run finishes when every chunk is split (see ChunkedSplit). */
    public static final String CHUNKED = "chunked";
}
