package io.profilesync.poster;

import io.profilesync.queue.SqsBatchResponse;
import io.profilesync.queue.SqsEvent;
import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

/** Lambda entry point for the per-destination SQS queues ({@code QUARKUS_FUNQY_EXPORT=poster}). */
public class PosterFunction {

    @Inject
    PosterService service;

    @Funq("poster")
    public SqsBatchResponse poster(SqsEvent event) {
        return service.handle(event);
    }
}
