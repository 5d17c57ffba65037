package io.profilesync.credentials;

import java.util.Map;
import java.util.Optional;

/**
 * What a component's configuration says about its credentials: the Secrets Manager secret that holds them (in
 * AWS), else their values from the environment (locally). Extended by each destination's {@code @ConfigMapping}.
 */
public interface CredentialKeys {

    /** The Secrets Manager secret (a JSON object of the keys of {@link #environment()} to values). */
    Optional<String> secretId();

    /** Each key (as in the secret, e.g. {@code request-token}) with its value from the environment, if any. */
    Map<String, Optional<String>> environment();
}
