package io.profilesync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a sync's file holds. */
public enum SourceKind {
    /** The users to change; users the file leaves out stay as they are. */
    INCREMENT,
    /** Every user: users the destination took before that the file no longer holds are removed. */
    SNAPSHOT;

    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SourceKind> of(String setting) {
        return Arrays.stream(values()).filter(kind -> kind.setting().equals(setting)).findFirst();
    }
}
