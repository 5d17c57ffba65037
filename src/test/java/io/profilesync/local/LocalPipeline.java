package io.profilesync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.testing.LocalAws;
import io.profilesync.testing.S3Events;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole pipeline on this machine: local S3 and SQS servers, the queues Terraform creates in AWS, and the
 * packaged functions, each in its own JVM behind a Lambda Runtime API. Used by {@code infra/local/run} and
 * by the integration tests that need the packaged application.
 */
public final class LocalPipeline implements AutoCloseable {

    public static final String BUCKET = "profile-sync-local";
    public static final String[] VENDORS = {"evergage", "insider", "xtremepush"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalAws aws = LocalAws.start();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final LambdaProcess splitter;

    /**
     * @param runnerJar the packaged application
     * @param functionHeap {@code -Xmx} of each function JVM
     * @param log where function log lines go
     */
    public LocalPipeline(Path runnerJar, String functionHeap, Consumer<String> log) {
        aws.createBucket(BUCKET);
        aws.quarkusConfig().forEach((key, value) -> environment.put(environmentName(key), value));
        for (String vendor : VENDORS) {
            environment.put(environmentName("profile-sync.vendors." + vendor + ".queue-url"),
                    aws.createQueueWithDeadLetters(vendor + "-batches", 5, 60));
        }
        splitter = new LambdaProcess(runnerJar, "splitter", functionHeap, environment, line -> log.accept("[splitter] " + line));
    }

    /** Drops a file (and optionally its mapping) into the bucket and invokes the splitter with the S3 event. */
    public JsonNode split(Path file, Optional<Path> mapping) {
        mapping.ifPresent(path -> upload(path, "mappings/default" + extension(path)));
        String key = "incoming/" + file.getFileName();
        upload(file, key);
        return parse(splitter.invoke(S3Events.created(BUCKET, key))).get("outcomes").get(0);
    }

    public Optional<JsonNode> readJson(String key) {
        try {
            return Optional.of(parse(aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String()));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The first lines of a text object (empty when it does not exist). */
    public java.util.List<String> readLines(String key, int max) {
        try {
            return aws.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String().lines().limit(max).toList();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return java.util.List.of();
        }
    }

    /** Copies every object under a prefix to {@code dir/<bucket>/<key>}; answers how many. */
    public int copyOut(String prefix, Path dir) {
        int copied = 0;
        for (S3Object object : aws.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents()) {
            Path target = dir.resolve(BUCKET).resolve(object.key());
            try {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            aws.s3().getObject(r -> r.bucket(BUCKET).key(object.key()), target);
            copied++;
        }
        return copied;
    }

    private void upload(Path file, String key) {
        aws.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromFile(file));
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        return name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".yaml";
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        splitter.close();
        aws.close();
    }
}
