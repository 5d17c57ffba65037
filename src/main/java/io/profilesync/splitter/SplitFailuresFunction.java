package io.profilesync.splitter;

import jakarta.inject.Inject;

import io.profilesync.queue.SqsBatchResponse;
import io.profilesync.queue.SqsEvent;
import io.quarkus.funqy.Funq;

/**
 * Lambda entry point for splits that failed for good ({@code QUARKUS_FUNQY_EXPORT=split-failures}): the splitter's
 * on-failure records and split-chunks' dead letters, from their queues (see {@link SplitFailures}).
 */
public class SplitFailuresFunction {

    @Inject
    SplitFailures service;

    @Funq("split-failures")
    public SqsBatchResponse splitFailures(SqsEvent event) {
        return service.handle(event);
    }
}
