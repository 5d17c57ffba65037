package io.profilesync.queue;

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
 * Sends batch messages ten at a time (the SQS maximum per call). One sender serves one run: take a new one
 * per file, and {@link #flush()} it at the end. Safe to use from several upload threads.
 */
@Dependent
public class QueueSender {

    private static final int SQS_BATCH = 10;
    private static final int ATTEMPTS = 3;

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final Map<String, List<SendMessageBatchRequestEntry>> pending = new HashMap<>();

    public QueueSender(SqsClient sqs, ObjectMapper json) {
        this.sqs = sqs;
        this.json = json;
    }

    public synchronized void send(String queueUrl, BatchMessage message) {
        List<SendMessageBatchRequestEntry> entries = pending.computeIfAbsent(queueUrl, url -> new ArrayList<>());
        entries.add(SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(entries.size()))
                .messageBody(serialize(message))
                .build());
        if (entries.size() == SQS_BATCH) {
            send(queueUrl, entries);
            entries.clear();
        }
    }

    public synchronized void flush() {
        pending.forEach((url, entries) -> {
            if (!entries.isEmpty()) {
                send(url, entries);
                entries.clear();
            }
        });
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

    private String serialize(BatchMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + message, e);
        }
    }
}
