package io.profilesync.vendor.evergage;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Evergage's API token (key id and secret, sent as HTTP Basic) and dataset. Never logged. */
@ConfigMapping(prefix = "profile-sync.evergage")
public interface EvergageCredentials {

    Optional<String> apiKeyId();

    Optional<String> apiKeySecret();

    @WithDefault("engage")
    String dataset();
}
