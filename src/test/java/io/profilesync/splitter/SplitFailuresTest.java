package io.profilesync.splitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.local.SqsEventSource;
import io.profilesync.poster.PosterProfile;
import io.profilesync.queue.SqsEvent;
import io.profilesync.run.RunEvents;
import io.profilesync.splitting.Splitter;
import io.profilesync.testing.FailedInvocations;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * No file vanishes: a split that fails for good, whatever the cause, ends in a failed run and a {@code Run Failed}
 * event, through the records AWS leaves of it (the splitter's on-failure invocation record on the split-failures
 * queue, a chunk's message in the split-chunks dead-letter queue), each delivered to the split-failures function as
 * a real SQS event. And the source is read at the version its S3 event names, in one piece or in chunks (a file
 * over 16 KiB is split in chunks in this profile).
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class SplitFailuresTest {

    private static final String VERSIONED_BUCKET = "profile-drop-versioned";

    @Inject
    SplitterService splitter;

    @Inject
    ChunkedSplit chunks;

    @Inject
    SplitFailures failures;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void emptyQueuesAndBus() {
        Pipeline.purgeQueues();
        LocalAwsResource.aws().events().clear();
    }

    @Test
    void aSplitWhoseEveryAttemptFailedEndsInAFailedRunAndARunFailedEvent() {
        String key = "incoming/vanish/customers.csv";
        Pipeline.put(key, customers(3));
        String event = S3Events.created(LocalAwsResource.BUCKET, key);
        String runId = runId(event);

        deliverFailures(LocalAwsResource.splitFailuresQueueUrl(), FailedInvocations.retriesExhausted("splitter", event, 3,
                "Runtime.ExitError", "RequestId: 0b7c Error: Runtime exited with error: signal: killed"));

        JsonNode manifest = Pipeline.readJson("runs/" + runId + "/manifest.json");
        assertEquals("failed", manifest.path("status").asText());
        assertEquals(key, manifest.at("/source/key").asText());
        assertEquals(0, manifest.path("rows").asLong());
        String error = manifest.at("/errors/0/message").asText();
        assertTrue(error.startsWith("the split failed for good: the splitter failed on every attempt Lambda makes (3 attempts)")
                && error.endsWith("Runtime.ExitError: RequestId: 0b7c Error: Runtime exited with error: signal: killed"), error);
        JsonNode failed = runFailed(runId);
        assertEquals("failed", failed.path("status").asText());
        assertEquals(error, failed.at("/errors/0/message").asText());
        assertTrue(Pipeline.keys("runs/" + runId + "/report.json").size() == 1, "the failed run is reported");
        for (String destination : LocalAwsResource.destinations()) {
            assertTrue(Pipeline.drain(destination).isEmpty(), destination + ": nothing is queued for a run that failed");
        }

        // the same record delivered again (SQS is at-least-once) changes nothing and publishes nothing more
        deliverFailures(LocalAwsResource.splitFailuresQueueUrl(), FailedInvocations.retriesExhausted("splitter", event, 3,
                "Runtime.ExitError", "a later error"));
        assertEquals(error, Pipeline.readJson("runs/" + runId + "/manifest.json").at("/errors/0/message").asText());
        assertEquals(1, LocalAwsResource.aws().events().details(RunEvents.FAILED).size());
    }

    @Test
    void aRunThatHasItsManifestKeepsIt() {
        String key = "incoming/vanish/split.csv";
        Pipeline.put(key, customers(3));
        String event = S3Events.created(LocalAwsResource.BUCKET, key);
        assertEquals("succeeded", splitter.handle(parse(event, S3Event.class)).outcomes().get(0).status());

        deliverFailures(LocalAwsResource.splitFailuresQueueUrl(), FailedInvocations.retriesExhausted("splitter", event, 3,
                "java.lang.IllegalStateException", "a late failure of a duplicate delivery"));

        JsonNode manifest = Pipeline.readJson("runs/" + runId(event) + "/manifest.json");
        assertEquals("succeeded", manifest.path("status").asText(), manifest.toString());
        assertTrue(LocalAwsResource.aws().events().details(RunEvents.FAILED).isEmpty());
    }

    @Test
    void aChunkThatFailsOnEveryDeliveryFailsItsRun() {
        String key = "incoming/vanish/large.csv";
        SplitOutcome planned = plannedInChunks(key);
        // the file is gone before its chunks are read: every delivery of every chunk fails
        LocalAwsResource.aws().s3().deleteObject(request -> request.bucket(LocalAwsResource.BUCKET).key(key));

        splitChunksToTheirDeadLetters();

        JsonNode manifest = Pipeline.readJson("runs/" + planned.runId() + "/manifest.json");
        assertEquals("failed", manifest.path("status").asText());
        assertTrue(manifest.path("chunks").asInt() > 1, manifest.toString());
        String error = manifest.at("/errors/0/message").asText();
        assertTrue(error.matches("the split failed for good: chunk \\d+ of \\d+ \\(from line [\\d,]+\\) failed on every delivery"
                + " the split-chunks queue makes .*"), error);
        assertEquals(error, runFailed(planned.runId()).at("/errors/0/message").asText());
    }

    @Test
    void aChunkedRunPlannedByAnotherVersionFailsInsteadOfMisreadingItsChunks() {
        SplitOutcome planned = plannedInChunks("incoming/deploy/large.csv");
        // as if the plan had been written before a deploy, by a version whose chunks hand on items in another form
        String plan = "split-chunks/" + planned.runId() + "/plan.json";
        ObjectNode older = (ObjectNode) Pipeline.readJson(plan);
        assertEquals(Splitter.HANDOVER_FORMAT, older.path("handover_format").asInt(), older.toString());
        Pipeline.put(plan, older.put("handover_format", Splitter.HANDOVER_FORMAT - 1).toString());

        splitChunksToTheirDeadLetters();

        JsonNode manifest = Pipeline.readJson("runs/" + planned.runId() + "/manifest.json");
        assertEquals("failed", manifest.path("status").asText(), manifest.toString());
        assertTrue(manifest.at("/errors/0/message").asText().startsWith("the split failed for good: chunk "), manifest.toString());
        assertTrue(Pipeline.drain("insider").isEmpty(), "no batch was cut from chunks read in another form");
        assertEquals(manifest.at("/errors/0/message"), runFailed(planned.runId()).at("/errors/0/message"));
    }

    @Test
    void theFileIsReadAtTheVersionItsEventNamesWhenOverwrittenBeforeItsSplit() {
        S3Client s3 = versionedBucket();
        String key = "incoming/versions/customers.csv";
        String first = put(s3, key, customers(3));
        put(s3, key, customers(5));

        SplitOutcome outcome = splitter.handle(parse(S3Events.created(VERSIONED_BUCKET, key, customers(3).length(), first),
                S3Event.class)).outcomes().get(0);

        JsonNode manifest = read(s3, "runs/" + outcome.runId() + "/manifest.json");
        assertEquals(3, manifest.path("rows").asLong(), "the version the event names, not the current one: " + manifest);
        assertEquals(first, manifest.at("/source/version_id").asText());
    }

    @Test
    void everyChunkReadsTheVersionItsEventNamesWhenOverwrittenMidSplit() {
        S3Client s3 = versionedBucket();
        String key = "incoming/versions/large.csv";
        String content = customers(600);
        String first = put(s3, key, content);
        SplitOutcome planned = splitter.handle(parse(S3Events.created(VERSIONED_BUCKET, key,
                content.getBytes(StandardCharsets.UTF_8).length, first), S3Event.class)).outcomes().get(0);
        assertEquals(SplitOutcome.CHUNKED, planned.status(), planned.toString());
        // overwritten by a larger file, other users, between the plan and its chunks
        put(s3, key, customers(900).replace(",u", ",v").replace("\nu", "\nv"));

        new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.chunkQueueUrl(),
                body -> write(chunks.handle(parse(body, SqsEvent.class)))).batchSize(1).drain(Duration.ofMinutes(1));

        JsonNode manifest = read(s3, "runs/" + planned.runId() + "/manifest.json");
        assertEquals("succeeded", manifest.path("status").asText(), manifest.toString());
        assertEquals(600, manifest.path("rows").asLong(), "every chunk read the first version, whole: " + manifest);
        assertTrue(manifest.path("chunks").asInt() > 1);
        for (String destination : LocalAwsResource.destinations()) {
            for (JsonNode message : Pipeline.drain(destination)) {
                String body = s3.getObjectAsBytes(request -> request.bucket(VERSIONED_BUCKET)
                        .key(message.path("key").asText())).asUtf8String();
                assertFalse(body.contains("\"v1\"") || body.contains("v1@example.com"), destination + " got a user of the second version");
            }
        }
    }

    /** A file of 600 customers dropped at {@code key} and planned by the splitter in chunks (its real size in the event). */
    private SplitOutcome plannedInChunks(String key) {
        String content = customers(600);
        Pipeline.put(key, content);
        String event = S3Events.created(LocalAwsResource.BUCKET, key, content.getBytes(StandardCharsets.UTF_8).length);
        SplitOutcome planned = splitter.handle(parse(event, S3Event.class)).outcomes().get(0);
        assertEquals(SplitOutcome.CHUNKED, planned.status(), planned.toString());
        return planned;
    }

    /** The chunk queue played one message at a time until it is empty, then its dead letters through split-failures. */
    private void splitChunksToTheirDeadLetters() {
        new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.chunkQueueUrl(),
                body -> write(chunks.handle(parse(body, SqsEvent.class)))).batchSize(1).drain(Duration.ofMinutes(1));
        deliverFailures(LocalAwsResource.deadChunksQueueUrl(), null);
    }

    /** {@code users} users, one a line, u1 to uN. */
    private static String customers(int users) {
        StringBuilder csv = new StringBuilder("user_id,email,email_optin,first_name,city\n");
        for (int i = 1; i <= users; i++) {
            csv.append('u').append(i).append(",u").append(i).append("@example.com,yes,Name").append(i).append(",Paris\n");
        }
        return csv.toString();
    }

    private static S3Client versionedBucket() {
        LocalAwsResource.aws().createBucket(VERSIONED_BUCKET);
        S3Client s3 = LocalAwsResource.aws().s3();
        s3.putBucketVersioning(request -> request.bucket(VERSIONED_BUCKET)
                .versioningConfiguration(versioning -> versioning.status(BucketVersioningStatus.ENABLED)));
        return s3;
    }

    /** Puts an object; answers the version S3 gave it. */
    private static String put(S3Client s3, String key, String content) {
        return s3.putObject(request -> request.bucket(VERSIONED_BUCKET).key(key), RequestBody.fromString(content)).versionId();
    }

    private JsonNode read(S3Client s3, String key) {
        try {
            return json.readTree(s3.getObjectAsBytes(request -> request.bucket(VERSIONED_BUCKET).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchKeyException e) {
            throw new AssertionError("no " + key + " in " + VERSIONED_BUCKET, e);
        }
    }

    /** Sends the body (if any) to the queue, then runs the split-failures function on it until it is empty. */
    private void deliverFailures(String queueUrl, String body) {
        if (body != null) {
            LocalAwsResource.aws().sqs().sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
        }
        // a message that keeps failing leaves the queue for its dead-letter queue
        new SqsEventSource(LocalAwsResource.aws().sqs(), queueUrl, event -> write(failures.handle(parse(event, SqsEvent.class))))
                .drain(Duration.ofMinutes(1));
    }

    private static JsonNode runFailed(String runId) {
        List<JsonNode> events = LocalAwsResource.aws().events().details(RunEvents.FAILED).stream()
                .filter(detail -> runId.equals(detail.path("run_id").asText())).toList();
        assertEquals(1, events.size(), "one Run Failed event for run " + runId + ": " + events);
        return events.get(0);
    }

    private String runId(String event) {
        return parse(event, S3Event.class).records().get(0).source().runId();
    }

    private <T> T parse(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
