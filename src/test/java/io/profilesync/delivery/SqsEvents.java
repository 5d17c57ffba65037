package io.profilesync.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real SQS event sample AWS delivers to Lambda. */
final class SqsEvents {

    private SqsEvents() {
    }

    static String sample() {
        try (InputStream in = SqsEvents.class.getResourceAsStream("/events/sqs-message.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
