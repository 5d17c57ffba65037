package io.profilesync.poster;

import java.util.HashMap;
import java.util.Map;

/** The poster with Insider limited to two requests a minute, in an application of its own (fresh limiter). */
public class RateLimitProfile extends PosterProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("profile-sync.destinations.insider.requests-per-minute", "2");
        return config;
    }
}
