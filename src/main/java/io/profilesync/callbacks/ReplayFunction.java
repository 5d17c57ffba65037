package io.profilesync.callbacks;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

/** Re-queues stored Insider callbacks for delivery ({@code QUARKUS_FUNQY_EXPORT=replay}). */
public class ReplayFunction {

    @Inject
    CallbackReplayService service;

    @Funq("replay")
    public ReplayResult replay(ReplayRequest request) {
        return service.replay(request);
    }

    /** The callbacks report for a prefix ({@code QUARKUS_FUNQY_EXPORT=callbacks-report}). */
    @Funq("callbacks-report")
    public CallbackListing report(ReplayRequest request) {
        return service.list(request);
    }
}
