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

    /**
     * Larger callbacks are refused with 413 before anything is read: Insider's request limit, 5,000,000 bytes (the
     * most it can send back), plus {@link #echoMarginBytes()}.
     */
    @WithDefault("5065536")
    int maxBodyBytes();

    /**
     * What a callback may hold beyond the batch it names: Insider sends back what it was sent plus details of the
     * unification error, whose size it does not document. A callback naming no batch a run sent may hold this much.
     */
    @WithDefault("65536")
    int echoMarginBytes();

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
