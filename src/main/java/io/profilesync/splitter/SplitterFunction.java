package io.profilesync.splitter;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

/** Lambda entry point for S3 {@code ObjectCreated} notifications ({@code QUARKUS_FUNQY_EXPORT=splitter}). */
public class SplitterFunction {

    @Inject
    SplitterService service;

    @Funq("splitter")
    public SplitterResponse splitter(S3Event event) {
        return service.handle(event);
    }
}
