package io.profilesync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.LineRanges;
import io.profilesync.testing.LocalAws;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Batch messages against the local SQS server (ElasticMQ), with SQS's request size limits. */
class QueueSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalAws aws;

    /** The SendMessageBatch requests the sender made, passed on to the real server. */
    private final List<SendMessageBatchRequest> requests = new ArrayList<>();
    private final SqsClient recording = new SqsClient() {
        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            requests.add(request);
            return aws.sqs().sendMessageBatch(request);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void aRequestIsCutBeforeItsMessagesPass256KiBTogether() throws Exception {
        String queue = aws.createQueueWithDeadLetters("scattered-" + System.nanoTime(), 5, 60);
        QueueSender sender = new QueueSender(recording, JSON);
        // Xtremepush batches of 10,000 rows where only every 50th line of the file was valid
        List<BatchMessage> messages = new ArrayList<>();
        for (int batch = 1; batch <= 10; batch++) {
            long first = 2 + (batch - 1) * 500_000L;
            messages.add(message("xtremepush", batch, LongStream.iterate(first, line -> line + 50).limit(10_000).toArray()));
        }
        long total = 0;
        for (BatchMessage message : messages) {
            total += JSON.writeValueAsBytes(message).length;
            sender.send(queue, message);
        }
        sender.flush();

        assertTrue(total > QueueSender.MAX_BYTES, "the ten messages pass 256 KiB together: " + total);
        assertTrue(requests.size() > 1, "more than one request");
        for (SendMessageBatchRequest request : requests) {
            long bytes = request.entries().stream().map(SendMessageBatchRequestEntry::messageBody)
                    .mapToLong(body -> body.getBytes(StandardCharsets.UTF_8).length).sum();
            assertTrue(bytes <= QueueSender.MAX_BYTES, bytes + " bytes in one request");
            assertTrue(request.entries().size() <= 10);
        }
        Set<Integer> received = new HashSet<>();
        for (List<Message> got = receive(queue); !got.isEmpty(); got = receive(queue)) {
            for (Message message : got) {
                BatchMessage batch = JSON.readValue(message.body(), BatchMessage.class);
                assertEquals(messages.get(batch.batch() - 1).firstLine() + 50L * 9_999, LineRanges.lineAt(batch.lineRanges(), 9_999));
                received.add(batch.batch());
            }
        }
        assertEquals(10, received.size(), "every message queued once");
    }

    @Test
    void aMessageAloneOver256KiBIsRefusedNamingItsBatch() {
        QueueSender sender = new QueueSender(recording, JSON);
        BatchMessage huge = message("evergage", 3, LongStream.iterate(2, line -> line + 1_000).limit(60_000).toArray());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> sender.send("unused", huge));

        assertTrue(refused.getMessage().startsWith("evergage/users-000003 of run r1: its SQS message is "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("bytes, over SQS's 262144; lower profile-sync.destinations.evergage.max-items"),
                refused.getMessage());
        assertEquals(List.of(), requests);
    }

    private static BatchMessage message(String destination, int batch, long[] lines) {
        return new BatchMessage("r1", destination, "users", batch, "bucket", "runs/r1/batches/" + destination + "/users-" + batch + ".json",
                lines[0], lines[lines.length - 1], lines.length, "s3://drop/incoming/file.csv", LineRanges.of(lines), null, 0);
    }

    private static List<Message> receive(String queue) {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)).messages();
        messages.forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle())));
        return messages;
    }
}
