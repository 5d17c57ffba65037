package io.profilesync.poster;

import java.util.HashMap;
import java.util.Map;

/** The poster reading Xtremepush's app token from a Secrets Manager secret, as deployed, not from the environment. */
public class SecretsProfile extends PosterProfile {

    static final String XTREMEPUSH_SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:profile-sync-xtremepush";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("profile-sync.xtremepush.secret-id", XTREMEPUSH_SECRET);
        return config;
    }
}
