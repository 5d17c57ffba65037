package io.profilesync.destination.evergage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.profilesync.config.ConfigurationException;
import io.profilesync.credentials.Credentials;
import io.profilesync.destination.CredentialsRejectedException;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.TaskFailedException;
import io.profilesync.destination.evergage.feed.FeedCredentials;
import io.profilesync.destination.evergage.feed.FeedEncoding;
import io.profilesync.destination.evergage.feed.FeedSettings;
import io.profilesync.destination.evergage.feed.FeedSite;
import io.profilesync.destination.evergage.feed.SftpSite;

/** Feed files uploaded to, and processed by, the in-process Personalization SFTP site. */
class FeedSiteTest {

    static final FeedSettings FOLDERS = LocalEtlFeed.folders(Duration.ofSeconds(10));
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T18:00:00Z"), ZoneOffset.UTC);
    private static final FeedEncoding PLAIN = new FeedEncoding(false, null);

    private final LocalEtlFeed personalization = new LocalEtlFeed();
    private final Set<String> claimed = new HashSet<>();

    @AfterEach
    void stop() throws IOException {
        personalization.close();
    }

    @Test
    void aBatchBecomesAFeedFileTheFeedProcessesAndABlankNeverErases() throws Exception {
        Record record = new Record();
        String first = upload("run-users-000001", users(3, "gold"), PLAIN, record);
        assertEquals("user-2026-12-05_18-00-00.csv", first);
        personalization.process();
        assertEquals(Optional.of(PostResult.accepted(200)), outcome(first));
        assertEquals(Map.of("tier", "gold", "city", "Paris, \"FR\""), personalization.profiles().get("user-0002"));

        String second = upload("run2-users-000001", "[{\"name\":\"user-0002\",\"attributes\":{\"city\":\"Lyon\"}},"
                + "{\"name\":\"user-0009\",\"attributes\":{\"tier\":\"new\"}}]", PLAIN, new Record());
        assertEquals("user-2026-12-05_18-00-01.csv", second, "never earlier than a name already on the site");
        personalization.process();
        assertEquals(Map.of("tier", "gold", "city", "Lyon"), personalization.profiles().get("user-0002"),
                "user-0002's blank tier in the second file kept its value");
        assertEquals(List.of(first, second), personalization.processedInOrder());
    }

    @Test
    void aNameIsNeverThatOfAFileAlreadyProcessedInTheSameSecond() throws Exception {
        Clock midSecond = Clock.fixed(Instant.parse("2026-12-05T18:00:00.250Z"), ZoneOffset.UTC);
        String first = upload("run-users-000001", users(2, "gold"), PLAIN, new Record(), midSecond);
        personalization.process();
        assertEquals(List.of(first), personalization.files("processed"));

        String second = upload("run2-users-000001", users(2, "silver"), PLAIN, new Record(), midSecond);

        assertEquals("user-2026-12-05_18-00-01.csv", second, "a name past " + first + ", which processed/ holds");
        personalization.process();
        assertEquals(List.of(first, second), personalization.files("processed"));
        assertEquals("silver", personalization.profiles().get("user-0001").get("tier"));
    }

    @Test
    void aNameIsPastTheNameInAFileAFolderStampedWhenItMovedIt() throws Exception {
        Files.createDirectories(personalization.root().resolve("Processed"));
        Files.writeString(personalization.root().resolve("Processed").resolve("user-2026-12-05_18-00-05.csv.20261205180009"), "");

        assertEquals("user-2026-12-05_18-00-06.csv", upload("run-users-000001", users(2, "gold"), PLAIN, new Record()));
    }

    @Test
    void aNameGivenOnceIsNeverGivenAgainAfterTheSiteDeletedItsFile() throws Exception {
        String first = upload("run-users-000001", users(2, "gold"), PLAIN, new Record());
        personalization.process();
        Files.delete(personalization.root().resolve("processed").resolve(first));

        String second = upload("run2-users-000001", users(2, "silver"), PLAIN, new Record());

        assertEquals("user-2026-12-05_18-00-01.csv", second, first + " was given before, to another batch");
        personalization.process();
        assertEquals(List.of(second), personalization.files("processed"));
    }

    @Test
    void aConnectionDroppedMidUploadResumesWithoutADuplicateFile() throws Exception {
        String body = users(5_000, "silver");
        personalization.dropConnectionAfter(60_000);
        Record record = new Record();
        assertThrows(IOException.class, () -> upload("run-users-000002", body, PLAIN, record));
        List<String> partial = personalization.files("Inbound");
        assertEquals(1, partial.size(), partial.toString());
        assertTrue(partial.get(0).startsWith(".profile-sync-run-users-000002-"), partial.toString());
        long cut = Files.size(personalization.root().resolve("Inbound").resolve(partial.get(0)));
        assertTrue(cut > 0 && cut <= 60_000 + 65_536, "a part was written: " + cut);

        String name = upload("run-users-000002", body, PLAIN, record);

        assertEquals(List.of(name), personalization.files("Inbound"), "one whole file, no temporary left");
        personalization.process();
        assertEquals(5_000, personalization.profiles().size(), personalization.failures().toString());
    }

    @Test
    void anUploadWhoseAnswerWasLostAfterTheRenameIsNotUploadedAgain() throws Exception {
        Record record = new Record();
        String body = users(10, "gold");
        String name = upload("run-users-000003", body, PLAIN, record);

        assertEquals(name, upload("run-users-000003", body, PLAIN, record));
        assertEquals(List.of(name), personalization.files("Inbound"));
        personalization.process();
        assertEquals(name, upload("run-users-000003", body, PLAIN, record), "found in processed/ too");
        assertEquals(List.of(name), personalization.files("processed"));
    }

    @Test
    void gzipAndPgpFilesAreRestartedAfterADropAndDecryptedByTheSite() throws Exception {
        PgpKeys keys = new PgpKeys();
        personalization.pgp(keys);
        FeedEncoding encoding = new FeedEncoding(true, FeedEncoding.publicKey(keys.armouredPublicKey()));
        String body = users(20_000, "platinum");
        personalization.dropConnectionAfter(30_000);
        Record record = new Record();
        assertThrows(IOException.class, () -> upload("run-users-000004", body, encoding, record));

        String name = upload("run-users-000004", body, encoding, record);

        assertEquals("user-2026-12-05_18-00-00.csv.gz.pgp", name);
        assertEquals(List.of(name), personalization.files("Inbound"));
        personalization.process();
        assertEquals(20_000, personalization.profiles().size(), personalization.failures().toString());
    }

    @Test
    void aFileTheFeedRefusesIsMovedToFailedAndItsUsersFail() throws Exception {
        personalization.datasetAttributes(Set.of("tier"));
        String name = upload("run-users-000005", users(3, "gold"), PLAIN, new Record());
        personalization.process();

        assertEquals(List.of(name), personalization.files("failed"));
        TaskFailedException failed = assertThrows(TaskFailedException.class, () -> outcome(name));
        assertTrue(failed.getMessage().contains("to failed/"), failed.getMessage());
    }

    @Test
    void otherSpellingsOfTheFoldersAndAFileTheSiteDeletedAreReadAsTheyAre() throws Exception {
        personalization.outcomeFolders("Processed", "Failed");
        String name = upload("run-users-000006", users(2, "gold"), PLAIN, new Record());
        assertEquals(Optional.empty(), outcome(name), "still in Inbound: not processed yet");
        personalization.process();
        assertEquals(Optional.of(PostResult.accepted(200)), outcome(name), "Processed/ read as processed/");

        Files.delete(personalization.root().resolve("Processed").resolve(name));
        PostResult gone = outcome(name).orElseThrow();
        assertTrue(gone.isUnconfirmed(), "never delivered by assumption: " + gone);
    }

    @Test
    void aRefusedLoginIsRefusedCredentialsAndAnotherHostKeyIsAConfigurationError() {
        personalization.refuseLogins(true);
        CredentialsRejectedException refused = assertThrows(CredentialsRejectedException.class,
                () -> SftpSite.open(site(personalization.hostKeyLine()), Duration.ofSeconds(10)));
        assertTrue(refused.getMessage().contains("refused the login"), refused.getMessage());
        personalization.refuseLogins(false);

        personalization.presentOtherHostKey(true);
        ConfigurationException mismatch = assertThrows(ConfigurationException.class,
                () -> SftpSite.open(site(personalization.hostKeyLine()), Duration.ofSeconds(10)));
        assertTrue(mismatch.getMessage().contains("not the pinned"), mismatch.getMessage());
        assertFalse(mismatch.getMessage().contains(LocalEtlFeed.PASSWORD));
        assertTrue(personalization.files("Inbound").isEmpty(), "nothing was sent");
    }

    private String upload(String batch, String body, FeedEncoding encoding, Record record) throws IOException {
        return upload(batch, body, encoding, record, NOW);
    }

    private String upload(String batch, String body, FeedEncoding encoding, Record record, Clock clock) throws IOException {
        try (SftpSite sftp = SftpSite.open(site(personalization.hostKeyLine()), Duration.ofSeconds(10))) {
            return new FeedSite(sftp, FOLDERS, clock).upload(batch, body.getBytes(StandardCharsets.UTF_8), encoding, record);
        }
    }

    private Optional<PostResult> outcome(String file) throws IOException {
        try (SftpSite sftp = SftpSite.open(site(personalization.hostKeyLine()), Duration.ofSeconds(10))) {
            return new FeedSite(sftp, FOLDERS, NOW).outcome(file);
        }
    }

    private FeedCredentials site(String hostKey) {
        return FeedCredentials.of(new Credentials("evergage", null, Map.of(FeedCredentials.HOST, "127.0.0.1",
                FeedCredentials.PORT, Integer.toString(personalization.port()), FeedCredentials.USER, LocalEtlFeed.USER,
                FeedCredentials.PASSWORD, LocalEtlFeed.PASSWORD, FeedCredentials.HOST_KEY, hostKey)));
    }

    /** {@code n} users as a stored Evergage batch: a tier, a city with a comma and quotes, and, past 1000, a code gzip cannot shrink much. */
    static String users(int n, String tier) {
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            users.add(String.format("{\"name\":\"user-%04d\",\"attributes\":{\"city\":\"Paris, \\\"FR\\\"\",\"tier\":\"%s\"%s}}", i,
                    tier, n > 1000 ? ",\"code\":\"" + Long.toHexString(new java.util.SplittableRandom(i).nextLong()) + "\"" : ""));
        }
        return "[" + String.join(",", users) + "]";
    }

    /** The name record, in memory; names are claimed for every record of the test (one deployment). */
    final class Record implements FeedSite.NameRecord {
        private String name;

        @Override
        public boolean claim(String fileName) {
            return claimed.add(fileName);
        }

        @Override
        public Optional<String> read() {
            return Optional.ofNullable(name);
        }

        @Override
        public void write(String fileName) {
            name = fileName;
        }
    }
}
