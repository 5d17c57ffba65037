package io.profilesync.vendor.evergage;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Evergage's dataset, and its credential keys (api-key-id and api-key-secret, sent as HTTP Basic) declared so
 * that configuration can name them. The credentials are read at first use by {@code credentials.CredentialStore}
 * (from the secret named by {@code secretId}, else from here), never kept from the start: with SnapStart that
 * would freeze them. Never logged.
 */
@ConfigMapping(prefix = "profile-sync.evergage")
public interface EvergageSettings extends CredentialKeys {

    @WithDefault("engage")
    String dataset();

    Optional<String> apiKeyId();

    Optional<String> apiKeySecret();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.of(EvergageGateway.API_KEY_ID, apiKeyId(), EvergageGateway.API_KEY_SECRET, apiKeySecret());
    }
}
