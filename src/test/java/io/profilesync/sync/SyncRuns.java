package io.profilesync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.local.SqsEventSource;
import io.profilesync.report.RunReporter;
import io.profilesync.queue.SqsEvent;
import io.profilesync.splitter.ChunkedSplit;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitterService;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Runs a file through a sync as AWS would: dropped in S3 (with tags, if any), split from a real S3 event, every
 * destination queue drained through the poster function (real SQS events on the Lambda event server), then reported.
 */
final class SyncRuns {

    private final SplitterService splitter;
    private final ChunkedSplit chunks;
    private final RunReporter reporter;
    private final ObjectMapper json;

    SyncRuns(SplitterService splitter, ChunkedSplit chunks, RunReporter reporter, ObjectMapper json) {
        this.splitter = splitter;
        this.chunks = chunks;
        this.reporter = reporter;
        this.json = json;
    }

    /** The run's report once every queue is drained. */
    JsonNode run(String key, String content, Map<String, String> tags) {
        return run(key, content, tags, S3Events.created(LocalAwsResource.BUCKET, key));
    }

    /**
     * A run whose S3 event gives the file's real size, so that a file larger than a chunk is split in chunks: their
     * queue is drained through the split-chunk function (real SQS events) before the destinations' queues.
     */
    JsonNode runWithSize(String key, String content) {
        return runWithSize(key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #runWithSize(String, String)} for a file of any encoding. */
    JsonNode runWithSize(String key, byte[] content) {
        return run(key, content, Map.of(), S3Events.created(LocalAwsResource.BUCKET, key, content.length));
    }

    private JsonNode run(String key, String content, Map<String, String> tags, String event) {
        return run(key, content.getBytes(StandardCharsets.UTF_8), tags, event);
    }

    private JsonNode run(String key, byte[] content, Map<String, String> tags, String event) {
        String tagging = tags.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining("&"));
        LocalAwsResource.aws().s3().putObject(request -> request.bucket(LocalAwsResource.BUCKET).key(key)
                .tagging(tagging.isEmpty() ? null : tagging), RequestBody.fromBytes(content));
        String runId;
        try {
            runId = splitter.handle(json.readValue(event, S3Event.class)).outcomes().get(0).runId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        drainChunks();
        drainQueues();
        return reporter.report(LocalAwsResource.BUCKET, runId);
    }

    /**
     * Drops a file and splits it from a real S3 event that says it was created at {@code dropped} (its place in the
     * sync's order), queuing its batches but draining nothing: the test decides when they are posted. Answers the run.
     */
    String split(String key, String csv, Instant dropped) {
        Pipeline.put(key, csv);
        try {
            return splitter.handle(json.readValue(S3Events.created(LocalAwsResource.BUCKET, key, dropped), S3Event.class))
                    .outcomes().get(0).runId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode run(String key, String content) {
        return run(key, content, Map.of());
    }

    /** A run of bytes, split in one piece (the event's sample size is 1,024 bytes). */
    JsonNode run(String key, byte[] content) {
        return run(key, content, Map.of(), S3Events.created(LocalAwsResource.BUCKET, key));
    }

    private void drainChunks() {
        SqsEventSource queue = new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.chunkQueueUrl(), event -> {
            try {
                return json.writeValueAsString(chunks.handle(json.readValue(event, SqsEvent.class)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        queue.drain();
    }

    static void drainQueues() {
        drainQueuesExcept("");
    }

    /** Drains every destination's queue through the poster function but {@code left}'s, which the test plays itself. */
    static void drainQueuesExcept(String left) {
        for (String destination : LocalAwsResource.destinations()) {
            if (destination.equals(left)) {
                continue;
            }
            SqsEventSource queue = new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.queueUrl(destination),
                    event -> Pipeline.invoke(event).toString());
            queue.drain();
        }
    }
}
