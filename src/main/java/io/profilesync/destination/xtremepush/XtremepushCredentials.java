package io.profilesync.destination.xtremepush;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.smallrye.config.ConfigMapping;

/**
 * The Xtremepush credential keys, declared so that configuration can name them: app-token (the body's
 * {@code apptoken}). Their values are read at
 * first use by {@code credentials.CredentialStore} (from the secret named by {@code secretId}, else from here),
 * never kept from the start: with SnapStart that would freeze them. Never logged.
 */
@ConfigMapping(prefix = "profile-sync.xtremepush")
public interface XtremepushCredentials extends CredentialKeys {

    Optional<String> appToken();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.of(XtremepushGateway.APP_TOKEN, appToken());
    }
}
