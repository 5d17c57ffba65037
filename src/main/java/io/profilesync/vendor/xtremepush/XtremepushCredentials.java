package io.profilesync.vendor.xtremepush;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Xtremepush's app token, sent in the request body as {@code apptoken}. Never logged, never stored. */
@ConfigMapping(prefix = "profile-sync.xtremepush")
public interface XtremepushCredentials {

    Optional<String> appToken();
}
