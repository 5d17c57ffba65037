package io.profilesync.splitting;

/** Where rows that a later row of the same user replaced are reported. */
@FunctionalInterface
public interface SupersededSink {

    SupersededSink NONE = (line, destination, supersededBy) -> { };

    /** The row at {@code line} is not sent to the destination: the row at {@code supersededBy} is the same user's latest. */
    void superseded(long line, String destination, long supersededBy);
}
