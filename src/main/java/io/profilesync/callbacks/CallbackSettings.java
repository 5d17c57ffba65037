package io.profilesync.callbacks;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Insider error-callback endpoint's settings. */
@ConfigMapping(prefix = "profile-sync.callbacks")
public interface CallbackSettings {

    /**
     * The secret carried in the callback URL's last path segment ({@code /callbacks/insider/<secret>}); only the
     * deployment and Insider know it. Unset, every callback is refused.
     */
    Optional<String> secret();

    /** Larger callbacks are refused with 413. */
    @WithDefault("1000000")
    int maxBodyBytes();

    /** Where accepted callbacks are stored, by date. */
    @WithDefault("callbacks/")
    String prefix();

    /** The working bucket where callbacks are stored. */
    Optional<String> bucket();
}
