package io.profilesync.destination;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import io.profilesync.config.ConfigurationException;

/**
 * The one rule for a destination's URL, wherever one is used (the poster, the export, the local run's check before
 * any work): {@code https://}, except that plain {@code http://} is allowed on a loopback address
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), where a simulator or a user's own mock server
 * (WireMock, Prism) listens and nothing crosses a network.
 */
public final class DestinationUrls {

    private DestinationUrls() {
    }

    /**
     * What is wrong with {@code url} as the value of {@code setting}, as one line naming the setting and its
     * environment variable; empty when it may be used.
     */
    public static Optional<String> problem(String url, String setting) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of(setting + " (" + environmentName(setting) + ") is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost())) {
            return Optional.empty();
        }
        return Optional.of(setting + " (" + environmentName(setting) + ") must be an https:// URL; plain http:// is "
                + "only for loopback addresses (localhost, 127.0.0.1, [::1])");
    }

    /** @throws ConfigurationException when {@link #problem} finds one */
    public static void require(String url, String setting) {
        problem(url, setting).ifPresent(problem -> {
            throw new ConfigurationException(problem);
        });
    }

    /** Whether {@code host} names the loopback interface; a name other than {@code localhost} is never looked up. */
    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The environment variable Quarkus reads for a setting: upper case, dots and dashes as underscores. */
    public static String environmentName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
