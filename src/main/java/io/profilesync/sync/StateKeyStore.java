package io.profilesync.sync;

import jakarta.enterprise.context.ApplicationScoped;

import io.profilesync.config.ConfigurationException;
import io.profilesync.credentials.CredentialStore;
import io.profilesync.credentials.Credentials;

/**
 * The deployment's {@link StateHash}, from the secret state key read at first use (and again after the credentials'
 * time-to-live, like the destinations' credentials): never at start, so a SnapStart snapshot never holds it.
 */
@ApplicationScoped
public class StateKeyStore {

    static final String NAME = "state";

    private final CredentialStore credentials;
    private final StateKeySettings settings;
    private volatile String keyOf;
    private volatile StateHash hash;

    public StateKeyStore(CredentialStore credentials, StateKeySettings settings) {
        this.credentials = credentials;
        this.settings = settings;
    }

    /** @throws StateKeyException naming the setting when the key is missing, unreadable or too short */
    public StateHash get() {
        Credentials read;
        String key;
        try {
            read = credentials.get(NAME, settings);
            key = read.require(StateKeys.HASH_KEY);
        } catch (ConfigurationException e) {
            throw new StateKeyException(e.getMessage());
        }
        if (!key.equals(keyOf)) {
            hash = of(key, read.secretId() == null ? Credentials.environmentName(NAME, StateKeys.HASH_KEY)
                    : "the state secret " + read.secretId() + "'s \"" + StateKeys.HASH_KEY + "\"");
            keyOf = key;
        }
        return hash;
    }

    /**
     * The hashes under a state key read from {@code setting} (what a message names).
     *
     * @throws StateKeyException when the key is too short
     */
    public static StateHash of(String key, String setting) {
        if (key.length() < StateKeys.MIN_KEY_LENGTH) {
            throw new StateKeyException(setting + " must be at least " + StateKeys.MIN_KEY_LENGTH
                    + " characters (a random one: docs/personal-data.md)");
        }
        return StateHash.of(key);
    }
}
