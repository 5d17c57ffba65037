package io.profilesync.destination.evergage.feed;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import io.profilesync.config.ConfigurationException;
import io.profilesync.credentials.Credentials;

/**
 * The SFTP site of the customer's Personalization account, from the evergage secret: host, optional port (22), user,
 * a password or an OpenSSH private key, the site's host key pinned as an OpenSSH public key line (a
 * {@code known_hosts} line too), and optionally the PGP public key files are encrypted to. Never logged.
 */
public record FeedCredentials(String host, int port, String user, Optional<String> password, Optional<String> privateKey,
        PublicKey hostKey, Optional<String> pgpPublicKey) {

    public static final String HOST = "sftp-host";
    public static final String PORT = "sftp-port";
    public static final String USER = "sftp-user";
    public static final String PASSWORD = "sftp-password";
    public static final String PRIVATE_KEY = "sftp-private-key";
    public static final String HOST_KEY = "sftp-host-key";
    public static final String PGP_PUBLIC_KEY = "pgp-public-key";

    public static FeedCredentials of(Credentials values) {
        Optional<String> password = values.value(PASSWORD);
        Optional<String> privateKey = values.value(PRIVATE_KEY);
        if (password.isEmpty() && privateKey.isEmpty()) {
            values.require(PRIVATE_KEY); // names the key to set
        }
        int port;
        try {
            port = values.value(PORT).map(String::trim).map(Integer::parseInt).orElse(22);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("the evergage credentials' \"" + PORT + "\" is not a port number");
        }
        return new FeedCredentials(values.require(HOST), port, values.require(USER), password, privateKey,
                hostKey(values.require(HOST_KEY)), values.value(PGP_PUBLIC_KEY));
    }

    /** {@code ssh-ed25519 AAAA... [comment]}, or a known_hosts line ({@code host ssh-ed25519 AAAA...}). */
    static PublicKey hostKey(String line) {
        String[] words = line.trim().split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].startsWith("ssh-") || words[i].startsWith("ecdsa-") || words[i].startsWith("rsa-")) {
                try {
                    List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(new java.io.StringReader(
                            words[i] + " " + words[i + 1]), true);
                    return entries.get(0).resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
                } catch (Exception e) {
                    throw new ConfigurationException("the evergage credentials' \"" + HOST_KEY
                            + "\" is not an OpenSSH public key: " + e.getMessage());
                }
            }
        }
        throw new ConfigurationException("the evergage credentials' \"" + HOST_KEY + "\" holds no OpenSSH public key "
                + "(expected e.g. \"ssh-ed25519 AAAA...\", as ssh-keyscan prints it)");
    }
}
