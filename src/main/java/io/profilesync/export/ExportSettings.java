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

    /** Pages after which the export stops as failed, so a vendor that never sends an empty page cannot loop forever. */
    @WithDefault("100000")
    int maxPages();
}
