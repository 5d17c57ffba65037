package io.profilesync.callbacks;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Insider error-callback endpoint's settings. Its secret (the URL's last path segment) is a credential:
 * {@code PROFILE_SYNC_CALLBACKS_SECRET} (and {@code _PREVIOUS_SECRET} during a rotation), or the webhook secret
 * named by {@code PROFILE_SYNC_CALLBACKS_SECRET_ID}, read by {@code credentials.CredentialStore}.
 */
@ConfigMapping(prefix = "profile-sync.callbacks")
public interface CallbackSettings extends CredentialKeys {

    /** The webhook secret, for configuration to name; read at first use by {@code CredentialStore}. */
    Optional<String> secret();

    /** The secret accepted besides {@link #secret()} during a rotation window. */
    Optional<String> previousSecret();

    /** Larger callbacks are refused with 413. */
    @WithDefault("1000000")
    int maxBodyBytes();

    /** Where accepted callbacks are stored, by date. */
    @WithDefault("callbacks/")
    String prefix();

    /** The working bucket where callbacks are stored. */
    Optional<String> bucket();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.of(CallbackService.SECRET, secret(), CallbackService.PREVIOUS_SECRET, previousSecret());
    }
}
