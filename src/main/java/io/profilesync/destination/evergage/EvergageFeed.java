package io.profilesync.destination.evergage;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.credentials.CredentialStore;
import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.RetryableDeliveryException;
import io.profilesync.destination.evergage.feed.FeedCredentials;
import io.profilesync.destination.evergage.feed.FeedEncoding;
import io.profilesync.destination.evergage.feed.FeedSite;
import io.profilesync.destination.evergage.feed.SftpSite;

/**
 * The ETL feed delivery: the poster's work for an Evergage users batch (SQS-triggered, so claims, guards, the newest
 * value's order, retries and redrives apply as to any post). A batch becomes one feed file, streamed from its stored
 * body through CSV, gzip and PGP into the SFTP upload (nothing on disk); it is then submitted under its
 * file's name, and the follow-up checks read what the feed made of it.
 */
@ApplicationScoped
public class EvergageFeed {

    /** Under the state prefix, an empty object per feed file name the deployment gave, per SFTP host. */
    private static final String FEED_NAMES = ".evergage-feed-names/";

    private final CredentialStore credentials;
    private final EvergageSettings settings;
    private final ObjectStore store;
    private final ProfileSyncConfig config;
    private final Clock clock = Clock.systemUTC();

    public EvergageFeed(CredentialStore credentials, EvergageSettings settings, ObjectStore store, ProfileSyncConfig config) {
        this.credentials = credentials;
        this.settings = settings;
        this.store = store;
        this.config = config;
    }

    /** Uploads the batch's feed file: submitted under the file's name, whose processing is checked later. */
    public PostResult submit(BatchMessage batch, byte[] body) {
        FeedCredentials site = FeedCredentials.of(credentials.get(EvergageDestination.NAME, settings));
        FeedEncoding encoding = new FeedEncoding(settings.feed().gzip(), site.pgpPublicKey().map(FeedEncoding::publicKey).orElse(null));
        String recordKey = batch.key().replaceFirst("\\.json$", "") + ".feed-file.json";
        String namesPrefix = config.sync().statePrefix() + FEED_NAMES;
        FeedSite.NameRecord record = new FeedSite.NameRecord() {
            @Override
            public Optional<String> read() {
                return store.readJson(batch.bucket(), recordKey, SubmittedFile.class).map(SubmittedFile::file);
            }

            @Override
            public void write(String fileName) {
                store.putJson(batch.bucket(), recordKey, new SubmittedFile(fileName));
            }

            @Override
            public boolean claim(String fileName) {
                return store.putIfAbsent(batch.bucket(), namesPrefix + site.host() + "/" + fileName, new byte[0],
                        ObjectStore.OCTET_STREAM);
            }
        };
        try (SftpSite sftp = SftpSite.open(site, settings.feed().connectTimeout())) {
            String file = new FeedSite(sftp, settings.feed(), clock).upload(batch.runId() + "-" + batch.nameInRun(), body,
                    encoding, record);
            return PostResult.submitted(file);
        } catch (IOException e) {
            throw new RetryableDeliveryException("the feed file of " + batch.batchName() + " was not uploaded whole: "
                    + e.getMessage(), 0, e);
        }
    }

    /** What the feed made of a submitted file; empty while it waits or is processed. */
    public Optional<PostResult> check(String file) {
        FeedCredentials site = FeedCredentials.of(credentials.get(EvergageDestination.NAME, settings));
        try (SftpSite sftp = SftpSite.open(site, settings.feed().connectTimeout())) {
            return new FeedSite(sftp, settings.feed(), clock).outcome(file);
        } catch (IOException e) {
            throw new RetryableDeliveryException("the feed file " + file + " could not be looked for: " + e.getMessage(), 0, e);
        }
    }

    /** The name a batch's feed file was given, kept next to the batch body ({@code users-000003.feed-file.json}). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record SubmittedFile(String file) {
    }
}
