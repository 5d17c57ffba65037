package io.profilesync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which of a file's accepted users a sync sends, by whether its state says the destination took them before. */
public enum WriteMode {
    /** Every user: new ones are created, known ones updated. */
    UPSERT,
    /** Only users the destination took before (or another run of the sync has in flight). */
    UPDATE,
    /** Only users the destination never took from this sync. */
    INSERT;

    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<WriteMode> of(String setting) {
        return Arrays.stream(values()).filter(mode -> mode.setting().equals(setting)).findFirst();
    }
}
