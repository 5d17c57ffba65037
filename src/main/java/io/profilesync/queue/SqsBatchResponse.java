package io.profilesync.queue;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The partial batch response: only the messages listed come back to the queue (and, after the redrive
 * policy's receive count, go to its dead-letter queue); the others are deleted.
 */
@RegisterForReflection
public record SqsBatchResponse(List<ItemFailure> batchItemFailures) {

    @RegisterForReflection
    public record ItemFailure(String itemIdentifier) {
    }
}
