package io.profilesync.destination.insider;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.smallrye.config.ConfigMapping;

/**
 * The Insider credential keys, declared so that configuration can name them: partner-name ({@code X-PARTNER-NAME}, sent lowercase), request-token
 * ({@code X-REQUEST-TOKEN}) and error-callback-endpoint (optional). Their values are read at
 * first use by {@code credentials.CredentialStore} (from the secret named by {@code secretId}, else from here),
 * never kept from the start: with SnapStart that would freeze them. Never logged.
 */
@ConfigMapping(prefix = "profile-sync.insider")
public interface InsiderCredentials extends CredentialKeys {

    Optional<String> partnerName();

    Optional<String> requestToken();

    Optional<String> errorCallbackEndpoint();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.of(InsiderGateway.PARTNER_NAME, partnerName(), InsiderGateway.REQUEST_TOKEN, requestToken(), InsiderGateway.ERROR_CALLBACK_ENDPOINT, errorCallbackEndpoint());
    }
}
