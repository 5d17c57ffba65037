package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.local.SqsEventSource;
import io.profilesync.simulator.Fault;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The destinations' queues as a test plays them, as the event source mapping would within its rights: messages are taken
 * off the real queues (ElasticMQ) and delivered to the poster function (real SQS events) in any order the test picks; a
 * handled one may come again; one that failed {@code max-receives} times goes to a dead-letter list that a redrive puts
 * back.
 */
final class PlayedQueues {
    /** What the queue does with the message it picks. */
    enum Step { DELIVER, DELIVER_TWICE, FAIL_DELIVERY, TRANSIENT_FAULT, ANSWER_LOST, REDRIVE }

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private final SqsClient sqs = LocalAwsResource.aws().sqs();
    private final DestinationSimulator simulator;
    private final List<String> destinations;
    private final int maxReceives;
    private final List<Waiting> waiting = new ArrayList<>();
    private final List<Waiting> deadLetters = new ArrayList<>();
    private final Random redeliveries = new Random(0);

    private record Waiting(String destination, String body, int receives) {
    }

    /** @param maxReceives the poster's {@code profile-sync.poster.max-receives} */
    PlayedQueues(DestinationSimulator simulator, List<String> destinations, int maxReceives) {
        this.simulator = simulator;
        this.destinations = destinations;
        this.maxReceives = maxReceives;
    }

    /** Messages dead-lettered, waiting for a redrive. */
    int deadLetters() {
        return deadLetters.size();
    }

    /** Takes every message off the real queues (the splitter's batches, the poster's halves and follow-ups). */
    void collect() {
        Instant limit = Instant.now().plus(DRAIN_LIMIT);
        for (String destination : destinations) {
            String url = LocalAwsResource.queueUrl(destination);
            while (pending(url) > 0) {
                if (Instant.now().isAfter(limit)) {
                    fail("the " + destination + " queue still holds messages after " + DRAIN_LIMIT.toSeconds() + " s");
                }
                for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    waiting.add(new Waiting(destination, message.body(), 0));
                    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    void play(Step step, int pick) {
        if (step == Step.REDRIVE) {
            redrive();
            return;
        }
        if (waiting.isEmpty()) {
            return;
        }
        Waiting message = waiting.remove(pick % waiting.size());
        switch (step) {
            case FAIL_DELIVERY -> failed(message); // the invocation never reached the poster's code (throttled, crashed)
            case TRANSIENT_FAULT -> {
                simulator.inject(message.destination(), Fault.status(503));
                deliver(message);
            }
            case ANSWER_LOST -> {
                simulator.inject(message.destination(), Fault.slowAnswer(900));
                deliver(message);
            }
            case DELIVER_TWICE -> {
                deliver(message);
                waiting.add(new Waiting(message.destination(), message.body(), 0));
            }
            default -> deliver(message);
        }
        collect();
    }

    void redrive() {
        deadLetters.forEach(message -> waiting.add(new Waiting(message.destination(), message.body(), 0)));
        deadLetters.clear();
    }

    /** Delivers every message until none is left, in an order of the test's choosing. */
    void drain() {
        Instant limit = Instant.now().plus(DRAIN_LIMIT);
        while (!waiting.isEmpty() || !deadLetters.isEmpty()) {
            if (Instant.now().isAfter(limit)) {
                fail("messages still waiting after " + DRAIN_LIMIT.toSeconds() + " s: " + waiting + deadLetters);
            }
            redrive();
            deliver(waiting.remove(redeliveries.nextInt(waiting.size())));
            collect();
        }
    }

    private void deliver(Waiting message) {
        Message received = Message.builder().messageId(UUID.randomUUID().toString())
                .receiptHandle("local-" + UUID.randomUUID()).body(message.body())
                .md5OfBody("").attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        Integer.toString(message.receives() + 1)))
                .build();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(LocalAwsResource.queueUrl(message.destination()))
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        JsonNode response = Pipeline.invoke(SqsEventSource.event(arn, List.of(received)));
        if (response.path("batchItemFailures").size() > 0) {
            failed(message);
        }
    }

    private void failed(Waiting message) {
        Waiting again = new Waiting(message.destination(), message.body(), message.receives() + 1);
        (again.receives() >= maxReceives ? deadLetters : waiting).add(again);
    }

    private long pending(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes().values().stream()
                .mapToLong(Long::parseLong).sum();
    }
}
