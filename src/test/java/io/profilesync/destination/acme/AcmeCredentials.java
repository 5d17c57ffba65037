package io.profilesync.destination.acme;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.smallrye.config.ConfigMapping;

/** Acme's credential: api-key, sent as a bearer token. Read at first use by {@code credentials.CredentialStore}. */
@ConfigMapping(prefix = "profile-sync.acme")
public interface AcmeCredentials extends CredentialKeys {

    Optional<String> apiKey();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.of(AcmeGateway.API_KEY, apiKey());
    }
}
