package io.profilesync.split;

/** Where rejected rows go, so that none is silently dropped. */
@FunctionalInterface
public interface RejectionSink {

    void reject(Rejection rejection);
}
