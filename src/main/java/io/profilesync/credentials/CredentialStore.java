package io.profilesync.credentials;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.profilesync.config.ProfileSyncConfig;

/**
 * Credentials read at first use and kept for {@code profile-sync.credentials.ttl}, never at start: with SnapStart
 * whatever a function reads while starting is frozen into its snapshot, so a value put into a secret after the
 * deployment (or rotated later) would never be seen. Expiry is judged on the wall clock, which moves forward
 * across a snapshot restore. A destination that refuses the credentials (401/403) gets one more try with a fresh
 * read ({@link #retryOnceIfRejected}), so a rotation is picked up at once.
 */
@ApplicationScoped
public class CredentialStore {

    private record Cached(Credentials credentials, long expiresAtMillis) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final SecretReader secrets;
    private final ProfileSyncConfig config;

    public CredentialStore(SecretReader secrets, ProfileSyncConfig config) {
        this.secrets = secrets;
        this.config = config;
    }

    /** The named set, read now if it was never read or its time-to-live has passed. */
    public Credentials get(String name, CredentialKeys keys) {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(name);
        if (cached == null || now >= cached.expiresAtMillis()) {
            cached = new Cached(read(name, keys), now + config.credentials().ttl().toMillis());
            cache.put(name, cached);
        }
        return cached.credentials();
    }

    /** Forgets the named set, so the next {@link #get} reads it again. */
    public void forget(String name) {
        cache.remove(name);
    }

    /**
     * Runs the call; if it fails because the destination refused the credentials, reads them again and runs it once
     * more. A second refusal is the caller's to handle (a configuration error).
     */
    public <T> T retryOnceIfRejected(String name, Predicate<Throwable> rejected, Callable<T> call) throws Exception {
        try {
            return call.call();
        } catch (Exception e) {
            if (!rejected.test(e)) {
                throw e;
            }
            forget(name);
            return call.call();
        }
    }

    private Credentials read(String name, CredentialKeys keys) {
        Optional<String> secretId = keys.secretId().filter(id -> !id.isBlank());
        if (secretId.isPresent()) {
            return new Credentials(name, secretId.get(), secrets.read(name, secretId.get()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        keys.environment().forEach((key, value) -> value.ifPresent(present -> values.put(key, present)));
        return new Credentials(name, null, values);
    }
}
