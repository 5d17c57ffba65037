package io.profilesync.poster;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.queue.BatchMessage;
import io.profilesync.vendor.VendorRegistry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts a message on its vendor's queue as a new, delayed message: a task check for later, or a batch deferred
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
    private final VendorRegistry vendors;

    public DelayedRequeue(SqsClient sqs, ObjectMapper json, VendorRegistry vendors) {
        this.sqs = sqs;
        this.json = json;
        this.vendors = vendors;
    }

    public void later(BatchMessage message, Duration delay) throws IOException {
        String queueUrl = queueUrl(message.vendor());
        int seconds = seconds(delay, MAX_DELAY_SECONDS);
        String body = json.writeValueAsString(message);
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).delaySeconds(seconds));
    }

    /**
     * Lets the message being handled come back only after {@code delay} (its visibility timeout, from now), e.g.
     * a vendor's {@code Retry-After} longer than the invocation can wait. The delivery still counts towards the
     * queue's {@code maxReceiveCount}.
     */
    public void returnAfter(String vendor, String receiptHandle, Duration delay) {
        int seconds = seconds(delay, MAX_VISIBILITY_SECONDS);
        sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl(vendor)).receiptHandle(receiptHandle)
                .visibilityTimeout(seconds));
    }

    private String queueUrl(String vendor) {
        return vendors.queueUrl(vendor);
    }

    private static int seconds(Duration delay, int max) {
        return (int) Math.min(max, Math.max(0, (delay.toMillis() + 999) / 1000));
    }
}
