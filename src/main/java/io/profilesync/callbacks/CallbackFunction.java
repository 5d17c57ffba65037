package io.profilesync.callbacks;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

/** Lambda entry point for Insider's error callbacks through API Gateway ({@code QUARKUS_FUNQY_EXPORT=callbacks}). */
public class CallbackFunction {

    @Inject
    CallbackService service;

    @Funq("callbacks")
    public HttpApiResponse callbacks(HttpApiEvent event) {
        return service.receive(event);
    }
}
