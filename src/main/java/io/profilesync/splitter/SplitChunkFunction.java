package io.profilesync.splitter;

import jakarta.inject.Inject;

import io.profilesync.queue.SqsBatchResponse;
import io.profilesync.queue.SqsEvent;
import io.quarkus.funqy.Funq;

/** Lambda entry point for the chunks of a large file, from the split-chunks queue ({@code QUARKUS_FUNQY_EXPORT=split-chunk}). */
public class SplitChunkFunction {

    @Inject
    ChunkedSplit service;

    @Funq("split-chunk")
    public SqsBatchResponse splitChunk(SqsEvent event) {
        return service.handle(event);
    }
}
