package io.profilesync.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.BatchMessage;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts a message on its vendor's queue as a new, delayed message: a task check for later, or a batch deferred
 * until the rate limit has a permit. A new message starts its deliveries from zero.
 */
@ApplicationScoped
public class DelayedRequeue {

    /** SQS's longest message delay. */
    private static final int MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public DelayedRequeue(SqsClient sqs, ObjectMapper json, ProfileSyncConfig config) {
        this.sqs = sqs;
        this.json = json;
        this.config = config;
    }

    public void later(BatchMessage message, Duration delay) throws IOException {
        String queueUrl = Optional.ofNullable(config.vendors().get(message.vendor()))
                .flatMap(ProfileSyncConfig.VendorSettings::queueUrl)
                .orElseThrow(() -> new IllegalStateException("no queue configured for " + message.vendor()));
        int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, (delay.toMillis() + 999) / 1000));
        String body = json.writeValueAsString(message);
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).delaySeconds(seconds));
    }
}
