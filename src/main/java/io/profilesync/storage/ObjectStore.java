package io.profilesync.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The few S3 operations profile-sync needs, over the Quarkus-managed {@link S3Client}. */
@ApplicationScoped
public class ObjectStore {

    public static final String JSON = "application/json";
    public static final String JSON_LINES = "application/x-ndjson";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String HTML = "text/html; charset=utf-8";

    private final S3Client s3;
    private final ObjectWriter json;
    private final ObjectMapper reader;

    public ObjectStore(S3Client s3, ObjectMapper json) {
        this.s3 = s3;
        this.json = json.writerWithDefaultPrettyPrinter();
        this.reader = json;
    }

    /** Stores a value as pretty-printed JSON, as every manifest, outcome and report is stored. */
    public void putJson(String bucket, String key, Object value) {
        put(bucket, key, toJson(value), JSON);
    }

    /** {@link #putJson} as a conditional write: see {@link #putIfAbsent}. */
    public boolean putJsonIfAbsent(String bucket, String key, Object value) {
        return putIfAbsent(bucket, key, toJson(value), JSON);
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Streams an object; the caller closes the stream. A failed read throws {@link ObjectReadException}. */
    public InputStream open(String bucket, String key) {
        return open(bucket, key, null);
    }

    /**
     * Streams one version of an object (the current one when {@code versionId} is null or blank, as an event from an
     * unversioned bucket names none), so that an object overwritten while it is read is still read whole as it was.
     */
    public InputStream open(String bucket, String key, String versionId) {
        return readFailuresNamed(s3.getObject(request -> request.bucket(bucket).key(key).versionId(version(versionId))),
                bucket, key);
    }

    /**
     * Streams the bytes {@code start} (inclusive) to {@code end} (exclusive) of a version of an object (see
     * {@link #open(String, String, String)}); the caller closes the stream.
     */
    public InputStream openRange(String bucket, String key, String versionId, long start, long end) {
        if (end <= start) {
            return InputStream.nullInputStream();
        }
        return readFailuresNamed(s3.getObject(request -> request.bucket(bucket).key(key).versionId(version(versionId))
                .range("bytes=" + start + "-" + (end - 1))), bucket, key);
    }

    /** The size in bytes of a version of an object (see {@link #open(String, String, String)}). */
    public long size(String bucket, String key, String versionId) {
        return s3.headObject(request -> request.bucket(bucket).key(key).versionId(version(versionId))).contentLength();
    }

    /** S3 events from an unversioned bucket carry no version, or an empty one: the object is then read by its key. */
    private static String version(String versionId) {
        return versionId == null || versionId.isBlank() ? null : versionId;
    }

    private static InputStream readFailuresNamed(InputStream object, String bucket, String key) {
        String location = "s3://" + bucket + "/" + key;
        return new FilterInputStream(object) {
            @Override
            public int read() {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new ObjectReadException(location, e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                try {
                    return super.read(buffer, offset, length);
                } catch (IOException e) {
                    throw new ObjectReadException(location, e);
                }
            }
        };
    }

    /** Streams an object, or empty when it does not exist; the caller closes the stream. */
    public Optional<InputStream> openIfExists(String bucket, String key) {
        try {
            return Optional.of(open(bucket, key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public Optional<byte[]> read(String bucket, String key) {
        return readVersioned(bucket, key).map(Versioned::bytes);
    }

    /** Reads an object stored as JSON, if it exists. */
    public <T> Optional<T> readJson(String bucket, String key, Class<T> type) {
        return read(bucket, key).map(bytes -> {
            try {
                return reader.readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not a readable " + type.getSimpleName(), e);
            }
        });
    }

    public boolean exists(String bucket, String key) {
        return size(bucket, key).isPresent();
    }

    /** The object's size in bytes, read from its metadata (a HEAD request), if it exists. */
    public OptionalLong size(String bucket, String key) {
        try {
            return OptionalLong.of(s3.headObject(request -> request.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    public void put(String bucket, String key, byte[] body, String contentType) {
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
    }

    /**
     * Creates an object only if it does not exist yet (an S3 conditional write); answers false when it already
     * did, so two writers racing for the same key cannot both think they were first.
     */
    public boolean putIfAbsent(String bucket, String key, byte[] body, String contentType) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*"),
                    RequestBody.fromBytes(body));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Replaces an object only if it is still the version read (S3 {@code If-Match} on its ETag); answers false when
     * another writer replaced it first.
     */
    public boolean putJsonIfMatch(String bucket, String key, Object value, String etag) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType(JSON).ifMatch(etag),
                    RequestBody.fromBytes(toJson(value)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** An object's content with its ETag, for a later {@link #putJsonIfMatch}; empty when it does not exist. */
    public Optional<Versioned> readVersioned(String bucket, String key) {
        try {
            var object = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
            return Optional.of(new Versioned(object.asByteArray(), object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** An object's bytes and the ETag they were read at. */
    public record Versioned(byte[] bytes, String etag) {
    }

    /** Starts writing an object as a stream of parts; it appears only when the upload is committed. */
    public MultipartUpload multipart(String bucket, String key, String contentType) {
        return new MultipartUpload(s3, bucket, key, contentType);
    }

    /** The keys under a prefix. */
    public java.util.List<String> list(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    public void put(String bucket, String key, Path file, String contentType) {
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    /** The tags of a version of an object (see {@link #open(String, String, String)}); empty when it has none. */
    public java.util.Map<String, String> tags(String bucket, String key, String versionId) {
        return s3.getObjectTagging(request -> request.bucket(bucket).key(key).versionId(version(versionId))).tagSet().stream()
                .collect(java.util.stream.Collectors.toMap(software.amazon.awssdk.services.s3.model.Tag::key,
                        software.amazon.awssdk.services.s3.model.Tag::value, (first, second) -> second));
    }

    public void delete(String bucket, String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }
}
