package io.profilesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.run.BatchOutcome;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.profilesync.testing.LocalAws;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The failed-rows report is streamed to S3 as the outcomes are read, never built whole in memory: with far more
 * failed users than one part holds, its first part is uploaded before the last outcome is even read, and the object
 * holds every failed user, once, in outcome order. Against LocalS3; the S3 client only has its calls watched.
 */
class FailedRowsStreamTest {

    private static final String BUCKET = "work";
    private static final int BATCHES = 70;
    private static final int FAILED_PER_BATCH = 1_000;

    @Test
    void failedRowsGoToS3InPartsWhileTheOutcomesAreStillBeingRead() throws IOException {
        List<String> calls = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (LocalAws aws = LocalAws.start();
                S3Client s3 = S3Client.builder().endpointOverride(URI.create(aws.s3Endpoint())).forcePathStyle(true)
                        .region(Region.of(LocalAws.REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY,
                                LocalAws.SECRET_KEY)))
                        .overrideConfiguration(c -> c.addExecutionInterceptor(new Watcher(calls))).build()) {
            aws.createBucket(BUCKET);
            ObjectStore store = new ObjectStore(s3, json);
            RunKeys keys = new RunKeys("runs/", "run-1");
            ObjectNode manifest = json.createObjectNode().put("run_id", "run-1").put("status", "succeeded");
            manifest.putObject("destinations").putObject("insider").put("accepted", BATCHES * FAILED_PER_BATCH).put("unchanged", 0);
            store.putJson(BUCKET, keys.manifest(), manifest);
            for (int batch = 1; batch <= BATCHES; batch++) {
                int first = (batch - 1) * FAILED_PER_BATCH + 2;
                List<BatchOutcome.FailedUser> failed = IntStream.range(first, first + FAILED_PER_BATCH)
                        .mapToObj(line -> new BatchOutcome.FailedUser(line, "identifier rejected by the destination")).toList();
                store.putJson(BUCKET, keys.outcome("insider", "users", batch), new BatchOutcome("run-1", "insider", "users",
                        batch, BatchOutcome.FAILED, FAILED_PER_BATCH, 0, FAILED_PER_BATCH, 0, 0, failed, 400, null, 1, 0,
                        false, "rejected", "s3://drop/incoming/f.csv", null, null, null));
            }
            String lastOutcome = store.list(BUCKET, keys.outcomesPrefix()).get(BATCHES - 1);
            calls.clear();

            JsonNode report = new RunReporter(store, json, config()).report(BUCKET, "run-1");

            assertEquals(BATCHES * FAILED_PER_BATCH, report.at("/destinations/insider/failed").asLong());
            int firstPart = calls.indexOf("UploadPart " + keys.failedRows());
            int lastRead = calls.indexOf("GetObject " + lastOutcome);
            assertTrue(firstPart >= 0 && firstPart < lastRead, "a part of failed rows is uploaded before the last outcome"
                    + " is read: " + firstPart + " < " + lastRead);
            assertTrue(calls.stream().filter(("UploadPart " + keys.failedRows())::equals).count() >= 2,
                    "the report is more than one part");
            List<Long> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(store.open(BUCKET, keys.failedRows()),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(json.readTree(line).get("line").asLong());
                }
            }
            assertEquals(IntStream.range(2, 2 + BATCHES * FAILED_PER_BATCH).mapToObj(Long::valueOf).toList(), lines,
                    "every failed user once, in outcome order");
        }
    }

    private static ProfileSyncConfig config() {
        return new SmallRyeConfigBuilder().withMapping(ProfileSyncConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of()).build().getConfigMapping(ProfileSyncConfig.class);
    }

    /** Names each S3 object call as {@code Operation key}, in the order they are made. */
    private record Watcher(List<String> calls) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest part) {
                calls.add("UploadPart " + part.key());
            } else if (context.request() instanceof GetObjectRequest get) {
                calls.add("GetObject " + get.key());
            }
        }
    }
}
