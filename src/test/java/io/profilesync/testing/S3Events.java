package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * S3 notification events built from the real AWS sample ({@code events/s3-object-created.json}), with the
 * bucket and key of the test's object. Keys are URL-encoded as S3 encodes them: {@code +} for a space.
 */
public final class S3Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Events() {
    }

    public static String created(String bucket, String... keys) {
        ObjectNode event = fixture();
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode template = (ObjectNode) records.get(0);
        records.removeAll();
        for (String key : keys) {
            ObjectNode record = template.deepCopy();
            ObjectNode s3 = (ObjectNode) record.get("s3");
            ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
            ObjectNode object = (ObjectNode) s3.get("object");
            object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
            object.remove("urlDecodedKey");
            object.put("sequencer", UUID.randomUUID().toString().replace("-", "").toUpperCase());
            records.add(record);
        }
        return event.toString();
    }

    /** An event for one object that S3 says it created at {@code createdAt} (the sample says 1970). */
    public static String created(String bucket, String key, java.time.Instant createdAt) {
        ObjectNode event = (ObjectNode) readTree(created(bucket, key));
        ((ObjectNode) event.get("Records").get(0)).put("eventTime", createdAt.toString());
        return event.toString();
    }

    /** An event for one object, with its real size (the sample's is 1,024 bytes): what decides a split in chunks. */
    public static String created(String bucket, String key, long size) {
        ObjectNode event = (ObjectNode) readTree(created(bucket, key));
        ((ObjectNode) event.get("Records").get(0).get("s3").get("object")).put("size", size);
        return event.toString();
    }

    /** The event for one object, with its real size and the version it names (a versioned bucket's events name one). */
    public static String created(String bucket, String key, long size, String versionId) {
        ObjectNode event = (ObjectNode) readTree(created(bucket, key, size));
        ((ObjectNode) event.get("Records").get(0).get("s3").get("object")).put("versionId", versionId);
        return event.toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode fixture() {
        try {
            return (ObjectNode) JSON.readTree(Fixtures.event("s3-object-created.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
