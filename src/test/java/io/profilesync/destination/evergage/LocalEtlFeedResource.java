package io.profilesync.destination.evergage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The in-process Personalization SFTP site for a Quarkus test, with the evergage credentials that reach it. */
public class LocalEtlFeedResource implements QuarkusTestResourceLifecycleManager {

    private static LocalEtlFeed site;

    public static LocalEtlFeed site() {
        return site;
    }

    @Override
    public Map<String, String> start() {
        site = new LocalEtlFeed();
        return Map.of("profile-sync.evergage.sftp-host", "127.0.0.1", "profile-sync.evergage.sftp-port",
                Integer.toString(site.port()), "profile-sync.evergage.sftp-user", LocalEtlFeed.USER,
                "profile-sync.evergage.sftp-password", LocalEtlFeed.PASSWORD, "profile-sync.evergage.sftp-host-key",
                site.hostKeyLine());
    }

    @Override
    public void stop() {
        try {
            site.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
