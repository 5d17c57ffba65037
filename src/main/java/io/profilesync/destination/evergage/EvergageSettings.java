package io.profilesync.destination.evergage;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.profilesync.destination.evergage.feed.FeedCredentials;
import io.profilesync.destination.evergage.feed.FeedSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Evergage's dataset, how users are delivered, and its credential keys declared so that configuration can name
 * them: api-key-id and api-key-secret (sent as HTTP Basic) for the API, the SFTP site's host, user, password or
 * private key, pinned host key and the optional PGP public key for the ETL feed. The credentials are read at first
 * use by {@code credentials.CredentialStore} (from the secret named by {@code secretId}, else from here), never kept
 * from the start: with SnapStart that would freeze them. Never logged.
 */
@ConfigMapping(prefix = "profile-sync.evergage")
public interface EvergageSettings extends CredentialKeys {

    @WithDefault("engage")
    String dataset();

    /** {@code api} (the upsert API) or {@code etl-feed} (User ETL feed files over SFTP). */
    @WithDefault("api")
    EvergageDelivery delivery();

    FeedSettings feed();

    Optional<String> apiKeyId();

    Optional<String> apiKeySecret();

    Optional<String> sftpHost();

    Optional<String> sftpPort();

    Optional<String> sftpUser();

    Optional<String> sftpPassword();

    Optional<String> sftpPrivateKey();

    Optional<String> sftpHostKey();

    Optional<String> pgpPublicKey();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.ofEntries(Map.entry(EvergageGateway.API_KEY_ID, apiKeyId()),
                Map.entry(EvergageGateway.API_KEY_SECRET, apiKeySecret()), Map.entry(FeedCredentials.HOST, sftpHost()),
                Map.entry(FeedCredentials.PORT, sftpPort()), Map.entry(FeedCredentials.USER, sftpUser()),
                Map.entry(FeedCredentials.PASSWORD, sftpPassword()), Map.entry(FeedCredentials.PRIVATE_KEY, sftpPrivateKey()),
                Map.entry(FeedCredentials.HOST_KEY, sftpHostKey()), Map.entry(FeedCredentials.PGP_PUBLIC_KEY, pgpPublicKey()));
    }
}
