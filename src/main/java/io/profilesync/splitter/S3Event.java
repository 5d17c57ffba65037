package io.profilesync.splitter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.profilesync.run.SourceObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The S3 notification event, as AWS delivers it to Lambda; only the fields the splitter reads. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3Event(@JsonProperty("Records") List<Record> records) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(String eventName, String eventTime, S3 s3) {

        /** The object this record names, its key decoded. */
        SourceObject source() {
            S3Object object = s3.object();
            return new SourceObject(s3.bucket().name(), URLDecoder.decode(object.key(), StandardCharsets.UTF_8),
                    object.eTag(), object.versionId(), object.sequencer(), object.size(), eventTime);
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3(Bucket bucket, S3Object object) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {
    }

    /** {@code key} arrives URL-encoded, with {@code +} for a space. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, Long size, String eTag, String versionId, String sequencer) {
    }
}
