package io.profilesync.destination.evergage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import io.profilesync.destination.evergage.feed.FeedRules;
import io.profilesync.destination.evergage.feed.FeedSettings;

/**
 * A Personalization SFTP site in-process (Apache MINA SSHD's server and SFTP subsystem, loopback only): an
 * {@code Inbound} folder the client uploads to, and a feed that, on {@link #process()}, takes the files in file-name
 * order and holds them to the documented rules (name, UTF-8, RFC 4180, {@code userId} and {@code attribute:} headers
 * matching the dataset's attributes, lengths), applies their users (a blank never erases) and moves each to
 * {@code processed} or {@code failed} as Salesforce's "Processing Outcome Status" page describes (failed at 10% of rows
 * in error). It can refuse logins, present another host key, and drop a connection in the middle of an upload.
 */
public final class LocalEtlFeed implements AutoCloseable {

    public static final String USER = "personalization";
    public static final String PASSWORD = "local-sftp-password";

    /** The site's folders as a deployment names them, plain files, and how long a connection may take. */
    public static FeedSettings folders(Duration connectTimeout) {
        return new FeedSettings() {
            @Override
            public boolean gzip() {
                return false;
            }

            @Override
            public String inbound() {
                return "Inbound";
            }

            @Override
            public String processing() {
                return "Processing";
            }

            @Override
            public String processed() {
                return "processed";
            }

            @Override
            public String failed() {
                return "failed";
            }

            @Override
            public Duration connectTimeout() {
                return connectTimeout;
            }
        };
    }

    private final Path root;
    private final SshServer server;
    private final KeyPair hostKey;
    private final KeyPair otherHostKey;
    private final Map<String, Map<String, String>> profiles = new ConcurrentHashMap<>();
    private final List<String> processedInOrder = new ArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicLong dropAfterBytes = new AtomicLong(-1);
    private volatile boolean refuseLogins;
    private volatile Set<String> datasetAttributes;
    private volatile String processedFolder = "processed";
    private volatile String failedFolder = "failed";
    private volatile PgpKeys pgp;

    public LocalEtlFeed() {
        try {
            root = Files.createTempDirectory("personalization-sftp");
            Files.createDirectories(root.resolve("Inbound"));
            hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            otherHostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            server.setPasswordAuthenticator((user, password, session) -> !refuseLogins && USER.equals(user) && PASSWORD.equals(password));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                        int dataOffset, int dataLen) throws IOException {
                    long left = dropAfterBytes.get();
                    if (left >= 0 && offset >= left && dropAfterBytes.compareAndSet(left, -1)) {
                        session.close(true);
                        throw new IOException("connection dropped by the test in the middle of an upload");
                    }
                }
            });
            server.setSubsystemFactories(List.of(sftp));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the local SFTP site could not start", e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.getBoundAddresses().iterator().next()).getPort();
    }

    /** The site's host key as the evergage secret pins it ({@code ecdsa-sha2-nistp256 AAAA...}). */
    public String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** From now on the site presents another host key (a man in the middle, or a site that changed its key). */
    public void presentOtherHostKey(boolean other) {
        server.setKeyPairProvider(KeyPairProvider.wrap(other ? otherHostKey : hostKey));
    }

    public void refuseLogins(boolean refuse) {
        refuseLogins = refuse;
    }

    /** The next upload's connection drops once this many bytes of a file are written. */
    public void dropConnectionAfter(long bytes) {
        dropAfterBytes.set(bytes);
    }

    /** Whether a drop asked for by {@link #dropConnectionAfter} has not happened yet. */
    public boolean dropAhead() {
        return dropAfterBytes.get() >= 0;
    }

    /** The attributes configured on the dataset's Settings > Attributes page; null takes any. */
    public void datasetAttributes(Set<String> attributes) {
        datasetAttributes = attributes;
    }

    /** How this site spells its outcome folders (the two documentation pages spell them differently). */
    public void outcomeFolders(String processed, String failed) {
        processedFolder = processed;
        failedFolder = failed;
    }

    /** Files are PGP-encrypted to these keys: the site decrypts with the secret key. */
    public void pgp(PgpKeys keys) {
        pgp = keys;
    }

    public Path root() {
        return root;
    }

    public List<String> files(String folder) {
        try (Stream<Path> files = Files.list(root.resolve(folder))) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Map<String, Map<String, String>> profiles() {
        return profiles;
    }

    public synchronized List<String> processedInOrder() {
        return List.copyOf(processedInOrder);
    }

    public Map<String, String> failures() {
        return failures;
    }

    /** The feed runs: every complete feed file in Inbound, in file-name order (temporary names are left alone). */
    public synchronized void process() {
        for (String file : files("Inbound")) {
            if (file.startsWith(".")) {
                continue;
            }
            Path path = root.resolve("Inbound").resolve(file);
            String error;
            try {
                error = apply(file, Files.readAllBytes(path));
            } catch (IOException e) {
                error = e.getMessage();
            }
            String folder = error == null ? processedFolder : failedFolder;
            try {
                Files.createDirectories(root.resolve(folder));
                Files.move(path, root.resolve(folder).resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (error == null) {
                processedInOrder.add(file);
            } else {
                failures.put(file, error);
            }
        }
    }

    /** Applies one file; answers why it failed, or null. */
    private String apply(String file, byte[] bytes) throws IOException {
        var name = FeedRules.FILE_NAME.matcher(file);
        if (!name.matches()) {
            return "the file name does not match user-YYYY-MM-DD_HH-MM-SS.csv";
        }
        if (name.group(3) != null) {
            if (pgp == null) {
                return "an encrypted file, and no PGP key on the account";
            }
            bytes = pgp.decrypt(bytes);
        }
        if (".gz".equals(name.group(2))) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        } else if (".zip".equals(name.group(2))) {
            try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
                in.getNextEntry();
                bytes = in.readAllBytes();
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "not UTF-8";
        }
        List<List<String>> records;
        try {
            records = rfc4180(text);
        } catch (IllegalArgumentException e) {
            return "not RFC 4180: " + e.getMessage();
        }
        if (records.isEmpty()) {
            return "no header";
        }
        List<String> header = records.get(0);
        if (!FeedRules.USER_ID.equals(header.get(0))) {
            return "the first column is not userId";
        }
        for (String column : header.subList(1, header.size())) {
            if (!column.startsWith(FeedRules.ATTRIBUTE)) {
                return "column " + column + " is neither userId nor attribute:";
            }
            if (datasetAttributes != null && !datasetAttributes.contains(column.substring(FeedRules.ATTRIBUTE.length()))) {
                return "attribute " + column + " is not on the dataset's User Attributes tab";
            }
        }
        int bad = 0;
        Map<String, Map<String, String>> updates = new LinkedHashMap<>();
        for (List<String> record : records.subList(1, records.size())) {
            if (record.size() != header.size() || FeedRules.breach(null, true, record.get(0)).isPresent()
                    || tooLong(header, record)) {
                bad++;
                continue;
            }
            Map<String, String> user = updates.computeIfAbsent(record.get(0), id -> new LinkedHashMap<>());
            for (int i = 1; i < header.size(); i++) {
                if (!record.get(i).isEmpty()) { // a blank never erases
                    user.put(header.get(i).substring(FeedRules.ATTRIBUTE.length()), record.get(i));
                }
            }
        }
        int rows = records.size() - 1;
        if (rows > 0 && bad * 10 >= rows) {
            return bad + " of " + rows + " rows in error";
        }
        updates.forEach((id, values) -> profiles.computeIfAbsent(id, x -> new ConcurrentHashMap<>()).putAll(values));
        return null;
    }

    private static boolean tooLong(List<String> header, List<String> record) {
        for (int i = 1; i < header.size(); i++) {
            if (!record.get(i).isEmpty() && FeedRules.breach(header.get(i).substring(FeedRules.ATTRIBUTE.length()), false,
                    record.get(i)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes, nothing after a closing quote. */
    static List<List<String>> rfc4180(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean atStart = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (atStart && c == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("an unclosed quote");
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                atStart = false;
                if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                atStart = true;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("a CR without LF");
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                atStart = true;
                i++;
            } else if (c == '\n' || c == '"') {
                throw new IllegalArgumentException(c == '"' ? "a quote inside an unquoted field" : "a bare LF");
            } else {
                field.append(c);
                atStart = false;
            }
            i++;
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
