package io.profilesync.vendor.insider;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Insider's credentials and callback, from the environment locally and Secrets Manager in AWS. Never logged. */
@ConfigMapping(prefix = "profile-sync.insider")
public interface InsiderCredentials {

    /** {@code X-PARTNER-NAME}; sent lowercase, as Insider requires. */
    Optional<String> partnerName();

    /** {@code X-REQUEST-TOKEN}. */
    Optional<String> requestToken();

    /** Set on every request as {@code error_callback_endpoint} when present. */
    Optional<String> errorCallbackEndpoint();
}
