package io.profilesync.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The dropped object one event record names, with its key decoded.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param etag the object's ETag, when the event has one
 * @param versionId the object version, when the bucket is versioned
 * @param sequencer S3's ordering token for the event; the same for a redelivered notification
 * @param size the object size in bytes, when known
 * @param createdAt when S3 says the object was created (the event's {@code eventTime}), when known: a sync's runs are
 *        ordered by it
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SourceObject(String bucket, String key, String etag, String versionId, String sequencer, Long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) String createdAt) {

    /** An object whose creation time is not known. */
    public SourceObject(String bucket, String key, String etag, String versionId, String sequencer, Long size) {
        this(bucket, key, etag, versionId, sequencer, size, null);
    }

    /** When S3 created the object, if the event said and said it readably. */
    public Optional<Instant> created() {
        try {
            return Optional.ofNullable(createdAt).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The file name, for picking the format. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /**
     * The same object announced twice (S3 notifications are at-least-once) gets the same run id, so the second
     * delivery finds the first one's manifest and enqueues nothing.
     */
    public String runId() {
        String identity = String.join("\n", bucket, key, String.valueOf(versionId), String.valueOf(etag),
                String.valueOf(sequencer));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
