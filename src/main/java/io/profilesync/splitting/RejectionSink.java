package io.profilesync.splitting;

/** Where rejected rows go, so that none is silently dropped. */
@FunctionalInterface
public interface RejectionSink {

    void reject(Rejection rejection);
}
