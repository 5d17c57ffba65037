package io.profilesync.splitting;

/** Where a snapshot sync names the users the vendor took before that its file no longer holds. */
@FunctionalInterface
public interface RemovedSink {

    RemovedSink NONE = (vendor, key) -> { };

    void removed(String vendor, String key);
}
