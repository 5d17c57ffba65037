package io.profilesync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.testing.Fixtures;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What Lambda's SQS event source mapping does, on the local servers: receive up to ten messages, hand them to
 * the function as the SQS event AWS sends (built from the real sample), delete the ones the function did not
 * list in {@code batchItemFailures}, and leave the rest to come back when their visibility timeout ends (the
 * queue's, or the one the function set, as for a destination's {@code Retry-After}), so the queue's redrive policy
 * moves them to the dead-letter queue after its receive count. A function error or crash fails the whole
 * event, as in AWS. Local queues have short visibility timeouts to keep runs short. {@link #duplicateEvery}
 * makes the source behave as SQS's at-least-once delivery allows: now and then a message the function handled
 * is delivered again.
 */
public final class SqsEventSource {

    /** How long {@link #drain()} polls a queue before it fails: far longer than any local visibility timeout or delay. */
    public static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final UnaryOperator<String> function;
    private final Set<String> duplicated = new HashSet<>();
    private int duplicateEvery;
    private int batchSize = 10;
    private int handled;
    private int functionErrors;

    /** @param function invokes the function with an event and answers its response */
    public SqsEventSource(SqsClient sqs, String queueUrl, UnaryOperator<String> function) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.function = function;
        this.queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Every {@code n}-th message the function handled is, once, not deleted but delivered again (0: never). */
    public SqsEventSource duplicateEvery(int n) {
        this.duplicateEvery = n;
        return this;
    }

    /**
     * At most {@code n} messages an event, as the event source mapping's {@code batch_size} (1 to 10; 10, the
     * default, unless told).
     */
    public SqsEventSource batchSize(int n) {
        if (n < 1 || n > 10) {
            throw new IllegalArgumentException("an SQS event carries 1 to 10 messages, not " + n);
        }
        this.batchSize = n;
        return this;
    }

    /** Polls once, not waiting; answers how many messages the function was given. */
    public int pollOnce() {
        return poll(0);
    }

    private int poll(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        Set<String> failed = new HashSet<>();
        try {
            parse(function.apply(event(messages))).path("batchItemFailures")
                    .forEach(failure -> failed.add(failure.path("itemIdentifier").asText()));
        } catch (RuntimeException functionError) {
            functionErrors++;
            messages.forEach(message -> failed.add(message.messageId()));
        }
        for (Message message : messages) {
            if (failed.contains(message.messageId())) {
                continue;
            }
            if (duplicateEvery > 0 && ++handled % duplicateEvery == 0 && duplicated.add(message.messageId())) {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            } else {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return messages.size();
    }

    /**
     * Polls until the queue holds nothing (visible, in flight or delayed), for at most {@link #DRAIN_LIMIT}: a stuck
     * message fails the test, naming the queue, instead of hanging the build. Each poll waits up to a second for a
     * message (SQS long polling: it answers as soon as one is visible), so a message waiting out its visibility timeout
     * or delay costs no busy polling.
     */
    public void drain() {
        drain(DRAIN_LIMIT);
    }

    /** {@link #drain()} within {@code limit}. */
    public void drain(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (long pending = pending(); pending > 0; pending = pending()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(queueArn + " still holds " + pending + " messages (visible, in flight or delayed) after "
                        + limit.toSeconds() + " s of polling; " + functionErrors + " invocations failed");
            }
            poll(1);
        }
    }

    /** Messages delivered again although the function had handled them. */
    public int duplicateDeliveries() {
        return duplicated.size();
    }

    /** Invocations that ended in a function error or crash (every message of the event came back). */
    public int functionErrors() {
        return functionErrors;
    }

    /** Messages still on the queue: visible, in flight or delayed. */
    public long pending() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    String event(List<Message> messages) {
        return event(queueArn, messages);
    }

    /** The SQS event AWS sends a function for these messages of the queue {@code queueArn}. */
    public static String event(String queueArn, List<Message> messages) {
        ObjectNode event = template();
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode sample = (ObjectNode) records.get(0);
        records.removeAll();
        for (Message message : messages) {
            ObjectNode record = sample.deepCopy();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSourceARN", queueArn);
            ObjectNode attributes = record.putObject("attributes");
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            records.add(record);
        }
        return event.toString();
    }

    private static ObjectNode template() {
        return (ObjectNode) parse(Fixtures.event("sqs-message.json"));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
