package io.profilesync.credentials;

import java.util.Map;
import java.util.Optional;

import io.profilesync.config.ConfigurationException;

/**
 * One named set of credentials ({@code insider}, {@code xtremepush}, {@code evergage}, {@code callbacks}) as
 * read at one moment: from its Secrets Manager secret when {@code PROFILE_SYNC_<NAME>_SECRET_ID} is set, else from
 * the environment ({@code PROFILE_SYNC_<NAME>_<KEY>}). Values are never logged.
 *
 * @param name the set's name
 * @param secretId the secret they came from, or null when they came from the environment
 * @param values key (e.g. {@code request-token}) to value
 */
public record Credentials(String name, String secretId, Map<String, String> values) {

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
    }

    /** The value, or a configuration error naming the secret key or environment variable to set. */
    public String require(String key) {
        return value(key).orElseThrow(() -> new ConfigurationException(secretId == null
                ? name + " credentials are not configured: set " + environmentName(name, key) + " (or "
                        + environmentName(name, "secret-id") + " to a Secrets Manager secret holding \"" + key + "\")"
                : "the " + name + " secret " + secretId + " has no \"" + key + "\": put it in the secret"));
    }

    /** {@code insider}, {@code request-token} -> {@code PROFILE_SYNC_INSIDER_REQUEST_TOKEN}. */
    public static String environmentName(String name, String key) {
        return ("PROFILE_SYNC_" + name + "_" + key).replace('-', '_').replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
