package io.profilesync.destination.evergage.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import io.profilesync.config.ConfigurationException;
import io.profilesync.destination.CredentialsRejectedException;
import io.profilesync.destination.RetryableDeliveryException;

/**
 * One SFTP session with the customer's Personalization SFTP site (Apache MINA SSHD's client): the host key must be
 * the pinned one, else nothing is sent (a configuration error naming both fingerprints); a refused login is refused
 * credentials; anything else on the way (a refused or dropped connection, a timeout) is retryable.
 */
public final class SftpSite implements AutoCloseable {

    private static final int WRITE_BUFFER = 1 << 16;

    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpSite(SshClient client, ClientSession session, SftpClient sftp) {
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    /**
     * Opens a session as {@code site} says. A client of its own, so that the pinned key is checked from the very first
     * key exchange (one session per upload or check, so its start costs little beside them).
     */
    public static SftpSite open(FeedCredentials site, Duration timeout) {
        AtomicReference<PublicKey> presented = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((clientSession, address, key) -> {
            presented.set(key);
            return KeyUtils.compareKeys(site.hostKey(), key);
        });
        ClientSession session = null;
        try {
            client.start();
            session = client.connect(site.user(), site.host(), site.port()).verify(timeout).getSession();
            site.password().ifPresent(session::addPasswordIdentity);
            for (KeyPair key : keys(session, site.privateKey())) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(timeout);
            return new SftpSite(client, session, SftpClientFactory.instance().createSftpClient(session));
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            PublicKey key = presented.get();
            if (key != null && !KeyUtils.compareKeys(site.hostKey(), key)) {
                throw new ConfigurationException("the Personalization SFTP site " + site.host() + " presented host key "
                        + KeyUtils.getFingerPrint(key) + ", not the pinned " + KeyUtils.getFingerPrint(site.hostKey())
                        + " (the evergage secret's \"" + FeedCredentials.HOST_KEY + "\"): nothing was sent");
            }
            if (key != null && session != null && !session.isAuthenticated()
                    && String.valueOf(e.getMessage()).contains("No more authentication methods")) {
                throw new CredentialsRejectedException("the Personalization SFTP site " + site.host() + " refused the login of "
                        + "user " + site.user() + " with the evergage secret's " + (site.password().isPresent() ? "password"
                                : "private key"), 0);
            }
            throw new RetryableDeliveryException("the Personalization SFTP site " + site.host() + ":" + site.port()
                    + " could not be reached: " + e.getMessage(), 0, e);
        }
    }

    private static Iterable<KeyPair> keys(ClientSession session, Optional<String> privateKey) {
        if (privateKey.isEmpty()) {
            return List.of();
        }
        try {
            return SecurityUtils.loadKeyPairIdentities(session, NamedResource.ofName(FeedCredentials.PRIVATE_KEY),
                    new ByteArrayInputStream(privateKey.get().getBytes(StandardCharsets.UTF_8)), null);
        } catch (Exception e) {
            throw new ConfigurationException("the evergage credentials' \"" + FeedCredentials.PRIVATE_KEY
                    + "\" is not an unencrypted OpenSSH or PEM private key: " + e.getClass().getSimpleName());
        }
    }

    /** The names in a folder; empty when it does not exist. */
    public List<String> list(String folder) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
                if (!".".equals(entry.getFilename()) && !"..".equals(entry.getFilename())) {
                    names.add(entry.getFilename());
                }
            }
        } catch (UncheckedIOException e) { // the listing's iterator wraps what the site answered
            if (!missing(e.getCause())) {
                throw e.getCause();
            }
        } catch (SftpException e) {
            if (!missing(e)) {
                throw e;
            }
        }
        return names;
    }

    private static boolean missing(IOException e) {
        return e instanceof SftpException sftp
                && (sftp.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || sftp.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH);
    }

    /** A file's size, when it exists. */
    public Optional<Long> size(String path) throws IOException {
        try {
            return Optional.of(sftp.stat(path).getSize());
        } catch (SftpException e) {
            if (missing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Writes {@code path} from byte {@code offset} on (0: created or truncated); closing the stream completes it. */
    public OutputStream write(String path, long offset) throws IOException {
        SftpClient.CloseableHandle handle = offset == 0
                ? sftp.open(path, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)
                : sftp.open(path, SftpClient.OpenMode.Write);
        SftpOutputStreamAsync out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, WRITE_BUFFER, path, handle);
        out.setOffset(offset);
        return out;
    }

    /** Renames, never over an existing file: answers false when {@code to} exists. */
    public boolean renameIfAbsent(String from, String to) throws IOException {
        try {
            sftp.rename(from, to);
            return true;
        } catch (SftpException e) {
            if (size(to).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    public void remove(String path) throws IOException {
        sftp.remove(path);
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException e) {
            // the session goes anyway
        }
        closeQuietly(session);
        client.stop();
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            session.close(true);
        }
    }
}
