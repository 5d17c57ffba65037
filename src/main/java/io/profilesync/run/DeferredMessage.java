package io.profilesync.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A stored batch's message, kept in {@code runs/<id>/messages/} rather than sent, with the queue it goes to: a guarded
 * run queues its messages once its guards are checked, a held run when it is released.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeferredMessage(String queueUrl, BatchMessage message) {

    /** Stores messages as JSON lines. */
    static void write(ObjectStore store, ObjectMapper json, String bucket, String key, List<DeferredMessage> messages) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try {
            for (DeferredMessage message : messages) {
                lines.write(json.writeValueAsBytes(message));
                lines.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(bucket, key, lines.toByteArray(), ObjectStore.JSON_LINES);
    }

    /** Every message a run kept, in every part it stored. */
    static List<DeferredMessage> readAll(ObjectStore store, ObjectMapper json, String bucket, RunKeys keys) {
        return store.list(bucket, keys.messagesPrefix()).stream().sorted().flatMap(key -> {
            try (MappingIterator<DeferredMessage> lines = json.readerFor(DeferredMessage.class)
                    .readValues(store.read(bucket, key).orElseThrow())) {
                return lines.readAll().stream();
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable messages s3://" + bucket + "/" + key, e);
            }
        }).toList();
    }
}
