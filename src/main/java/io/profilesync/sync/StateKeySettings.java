package io.profilesync.sync;

import java.util.Map;
import java.util.Optional;

import io.profilesync.credentials.CredentialKeys;
import io.smallrye.config.ConfigMapping;

/**
 * The secret state key (docs/personal-data.md): {@code PROFILE_SYNC_STATE_SECRET_ID} names the Secrets Manager
 * secret holding {@code {"hash-key": "..."}} (Terraform creates it, random); locally
 * {@code PROFILE_SYNC_STATE_HASH_KEY}. Read at first use by {@code credentials.CredentialStore}, never logged.
 */
@ConfigMapping(prefix = "profile-sync.state")
public interface StateKeySettings extends CredentialKeys {

    /** The state key (locally; in AWS the secret's), at least 32 characters: never change it (docs/personal-data.md). */
    Optional<String> hashKey();

    @Override
    default Map<String, Optional<String>> environment() {
        return Map.of(StateKeys.HASH_KEY, hashKey());
    }
}
