package io.profilesync.export;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Defaults for scheduled Evergage exports; a schedule's input overrides any of them. */
@ConfigMapping(prefix = "profile-sync.export")
public interface ExportSettings {

    /** The dataset; {@code profile-sync.evergage.dataset} when unset. */
    Optional<String> dataset();

    @WithDefault("json")
    String format();

    @WithDefault("1000")
    int pageSize();

    /** The engagement window ends at the schedule's time and starts this long before it. */
    @WithDefault("P1D")
    Duration window();

    /** The bucket exports are written to. */
    Optional<String> bucket();

    @WithDefault("exports/")
    String prefix();

    /**
     * The record field that identifies a user, on which duplicates are removed (a CSV export's column of that
     * name). Evergage's User Export documentation does not name it: it only says that a user can appear more than
     * once and that the last record is the most current. {@code name} is the user id its users upsert takes.
     */
    @WithDefault("name")
    String idField();

    /** Pages after which the export stops as failed, so a destination that never sends an empty page cannot loop forever. */
    @WithDefault("100000")
    int maxPages();
}
