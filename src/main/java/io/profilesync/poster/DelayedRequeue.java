package io.profilesync.poster;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.queue.BatchMessage;
import io.profilesync.destination.DestinationRegistry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts a message on its destination's queue as a new, delayed message: a task check for later, or a batch deferred
 * until the rate limit has a permit. A new message starts its deliveries from zero.
 */
@ApplicationScoped
public class DelayedRequeue {

    /** SQS's longest message delay. */
    private static final int MAX_DELAY_SECONDS = 900;
    /** SQS's longest visibility timeout. */
    private static final int MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final DestinationRegistry destinations;

    public DelayedRequeue(SqsClient sqs, ObjectMapper json, DestinationRegistry destinations) {
        this.sqs = sqs;
        this.json = json;
        this.destinations = destinations;
    }

    public void later(BatchMessage message, Duration delay) throws IOException {
        String queueUrl = queueUrl(message.destination());
        int seconds = seconds(delay, MAX_DELAY_SECONDS);
        String body = json.writeValueAsString(message);
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).delaySeconds(seconds));
    }

    /**
     * Lets the message being handled come back only after {@code delay} (its visibility timeout, from now), e.g.
     * a destination's {@code Retry-After} longer than the invocation can wait. The delivery still counts towards the
     * queue's {@code maxReceiveCount}.
     */
    public void returnAfter(String destination, String receiptHandle, Duration delay) {
        int seconds = seconds(delay, MAX_VISIBILITY_SECONDS);
        sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl(destination)).receiptHandle(receiptHandle)
                .visibilityTimeout(seconds));
    }

    private String queueUrl(String destination) {
        return destinations.queueUrl(destination);
    }

    private static int seconds(Duration delay, int max) {
        return (int) Math.min(max, Math.max(0, (delay.toMillis() + 999) / 1000));
    }
}
