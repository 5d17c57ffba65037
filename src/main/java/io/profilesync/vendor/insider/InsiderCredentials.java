package io.profilesync.vendor.insider;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The Insider credential keys, declared so that configuration can name them: partner-name ({@code X-PARTNER-NAME}, sent lowercase), request-token
 * ({@code X-REQUEST-TOKEN}) and error-callback-endpoint (optional). Their values are read at
 * first use by {@code credentials.CredentialStore} (from the secret named by {@code secretId}, else from here),
 * never kept from the start: with SnapStart that would freeze them. Never logged.
 */
@ConfigMapping(prefix = "profile-sync.insider")
public interface InsiderCredentials {

    /** The Secrets Manager secret holding the values below (in AWS). */
    Optional<String> secretId();

    Optional<String> partnerName();

    Optional<String> requestToken();

    Optional<String> errorCallbackEndpoint();
}
