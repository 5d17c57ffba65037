package io.profilesync.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.Dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends batch messages in SendMessageBatch requests within SQS's limits: ten messages, and 262,144 bytes (256
 * KiB) for the bodies of all of them together, so a request is sent early when the next message would pass
 * that total. One sender serves one run: take a new one per file, and {@link #flush()} it at the end. Safe to
 * use from several upload threads.
 * <p>
 * A message alone over 256 KiB is refused with an error naming the batch. It cannot happen within the destinations'
 * item limits (at most 10,000 items a batch, whose {@link io.profilesync.batching.LineRanges line ranges} take at
 * most about 20 bytes an item), which configuration can lower but never raise.
 */
@Dependent
public class QueueSender {

    /** SQS's most messages in one SendMessageBatch request. */
    static final int MAX_ENTRIES = 10;
    /** SQS's most bytes of one message, and of all message bodies of one SendMessageBatch request together. */
    public static final int MAX_BYTES = 262_144;
    private static final int ATTEMPTS = 3;

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final Map<String, Pending> pending = new HashMap<>();

    /** A queue's messages not sent yet, and their bodies' bytes. */
    private static final class Pending {
        final List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        long bytes;
    }

    public QueueSender(SqsClient sqs, ObjectMapper json) {
        this.sqs = sqs;
        this.json = json;
    }

    public synchronized void send(String queueUrl, BatchMessage message) {
        String body = serialize(message);
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalStateException(message.batchName() + " of run " + message.runId() + ": its SQS message is "
                    + bytes + " bytes, over SQS's " + MAX_BYTES + "; lower profile-sync.destinations." + message.destination()
                    + ".max-items");
        }
        enqueue(queueUrl, body, bytes);
    }

    /** Queues any small message as JSON (e.g. a chunk of a file to split). */
    public synchronized void sendJson(String queueUrl, Object message) {
        String body = serialize(message);
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalStateException("a message of " + bytes + " bytes is over SQS's " + MAX_BYTES + ": " + message);
        }
        enqueue(queueUrl, body, bytes);
    }

    private void enqueue(String queueUrl, String body, int bytes) {
        Pending queue = pending.computeIfAbsent(queueUrl, url -> new Pending());
        if (queue.bytes + bytes > MAX_BYTES) {
            send(queueUrl, queue);
        }
        queue.entries.add(SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(queue.entries.size()))
                .messageBody(body)
                .build());
        queue.bytes += bytes;
        if (queue.entries.size() == MAX_ENTRIES) {
            send(queueUrl, queue);
        }
    }

    public synchronized void flush() {
        pending.forEach((url, queue) -> {
            if (!queue.entries.isEmpty()) {
                send(url, queue);
            }
        });
    }

    private void send(String queueUrl, Pending queue) {
        send(queueUrl, queue.entries);
        queue.entries.clear();
        queue.bytes = 0;
    }

    /** Sends entries, re-sending the ones SQS reports as failed; a message that will not go is an error. */
    private void send(String queueUrl, List<SendMessageBatchRequestEntry> entries) {
        List<SendMessageBatchRequestEntry> toSend = List.copyOf(entries);
        for (int attempt = 1; attempt <= ATTEMPTS && !toSend.isEmpty(); attempt++) {
            List<SendMessageBatchRequestEntry> batch = toSend;
            SendMessageBatchResponse response = sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(batch));
            List<String> failed = response.failed().stream().map(BatchResultErrorEntry::id).toList();
            toSend = batch.stream().filter(entry -> failed.contains(entry.id())).toList();
        }
        if (!toSend.isEmpty()) {
            throw new IllegalStateException(toSend.size() + " batch messages could not be queued on " + queueUrl);
        }
    }

    private String serialize(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + message, e);
        }
    }
}
