package io.profilesync.destination.evergage.feed;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.profilesync.common.Hashes;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.RetryableDeliveryException;

/**
 * The User ETL feed's folders on one SFTP session: uploading a batch as a feed file without ever leaving a
 * duplicate, and reading what the feed made of a file.
 * <p>
 * Upload: the file is written under a temporary name that does not match the feed's pattern (so the feed never
 * takes it half written: {@link FeedRules}, assumption 3) and named after the batch and its bytes; a dropped
 * connection leaves it there, and the next attempt goes on from its size (the same batch gives the same bytes,
 * unless PGP-encrypted: then it starts over). Once whole, the file gets its feed name by a rename that never
 * replaces a file; the name is recorded first (by the caller's {@code record}), so an attempt whose answer was lost
 * after the rename finds the file by that record instead of uploading it again.
 */
public final class FeedSite {

    private final SftpSite site;
    private final Folders folders;
    private final Clock clock;

    /** The site's folders, as it spells them (the documentation spells them differently: assumption 1). */
    record Folders(String inbound, String processing, String processed, String failed) {
    }

    public FeedSite(SftpSite site, FeedSettings settings, Clock clock) throws IOException {
        this.site = site;
        this.clock = clock;
        List<String> root = site.list(".");
        this.folders = new Folders(spelled(root, settings.inbound()), spelled(root, settings.processing()),
                spelled(root, settings.processed()), spelled(root, settings.failed()));
    }

    private static String spelled(List<String> root, String folder) {
        return root.stream().filter(name -> name.equalsIgnoreCase(folder)).findFirst().orElse(folder);
    }

    /** Where the names of files already sent, or to be sent, are recorded. */
    public interface NameRecord {
        /** The name this batch's file was given, if it was given one. */
        Optional<String> read();

        void write(String fileName);

        /**
         * Takes a name for good, for every batch the deployment sends to this site (a conditional write): false when a
         * batch, this one on an earlier attempt included, took it before. So two uploads racing never pick one name,
         * and a name stays taken after the site deletes its file.
         */
        boolean claim(String fileName);
    }

    /**
     * Uploads one batch's feed file; answers its name in the inbound folder.
     *
     * @param batchName the batch's identity in the deployment, e.g. {@code <run>-users-000003.1}
     */
    public String upload(String batchName, byte[] body, FeedEncoding encoding, NameRecord record) throws IOException {
        Optional<String> recorded = record.read();
        if (recorded.isPresent() && where(recorded.get()).isPresent()) {
            return recorded.get();
        }
        long bytesHash = Hashes.add(Hashes.add(Hashes.SEED, body), (encoding.gzip() ? "gz" : "") + (encoding.pgp() != null ? "pgp" : ""));
        String prefix = folders.inbound() + "/.profile-sync-" + batchName.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
        String temporary = prefix + Long.toUnsignedString(bytesHash, 16) + ".partial";
        for (String stale : site.list(folders.inbound())) {
            String path = folders.inbound() + "/" + stale;
            if (path.startsWith(prefix) && !path.equals(temporary)) {
                site.remove(path); // an earlier attempt's file for other users (a newer run took some since)
            }
        }
        long have = encoding.resumable() ? site.size(temporary).orElse(0L) : 0L;
        Counting out = new Counting(site.write(temporary, have), have);
        try (OutputStream file = encoding.open(out, "users.csv")) {
            FeedCsv.write(body, file);
        }
        long size = site.size(temporary).orElse(-1L);
        if (size != out.total) {
            throw new RetryableDeliveryException("the feed file " + temporary + " holds " + size + " bytes of " + out.total
                    + " after its upload; it is written again", 0, null);
        }
        return name(temporary, encoding, record);
    }

    /**
     * Renames the whole file to the next free feed name: never earlier than any name on the site, in any of the feed's
     * folders, never one the deployment has given before ({@link NameRecord#claim}).
     */
    private String name(String temporary, FeedEncoding encoding, NameRecord record) throws IOException {
        // whole seconds, as names have them: a file named in this second is not "before" this second's later instants
        Instant second = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // listed again for every name: a folder the feed creates after this session began (processed, failed) counts
        List<String> feedFolders = List.of(folders.inbound(), folders.processing(), folders.processed(), folders.failed());
        for (String folder : site.list(".")) {
            if (feedFolders.stream().noneMatch(folder::equalsIgnoreCase)) {
                continue;
            }
            for (String file : site.list(folder)) {
                Optional<Instant> named = FeedRules.second(file);
                if (named.isPresent() && !named.get().isBefore(second)) {
                    second = named.get().plusSeconds(1);
                }
            }
        }
        for (int tries = 0; tries < 120; tries++, second = second.plusSeconds(1)) {
            String name = encoding.fileName(second);
            if (!record.claim(name)) {
                continue;
            }
            record.write(name);
            if (site.renameIfAbsent(temporary, folders.inbound() + "/" + name)) {
                return name;
            }
        }
        throw new RetryableDeliveryException("no free feed file name in the 120 seconds from " + second, 0, null);
    }

    /**
     * What the feed made of a file (https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_feeds_dashboard_outcome.htm:
     * "Complete ... moves the feed file to the "processed" folder"; "Error ... moves the feed file to the "failed"
     * folder"): empty while it waits or is processed; unconfirmed when it is in no folder (assumption 1).
     */
    public Optional<PostResult> outcome(String file) throws IOException {
        Optional<String> folder = where(file);
        if (folder.isEmpty()) {
            return Optional.of(PostResult.unconfirmed(0, List.of(), "the feed file " + file + " is in none of the folders "
                    + String.join(", ", folders.inbound(), folders.processing(), folders.processed(), folders.failed())
                    + " of the SFTP site: what the feed made of it is not known"));
        }
        if (folder.get().equals(folders.processed())) {
            return Optional.of(PostResult.accepted(200));
        }
        if (folder.get().equals(folders.failed())) {
            throw new io.profilesync.destination.TaskFailedException("Personalization moved the feed file " + file + " to "
                    + folders.failed() + "/: it was not processed (a malformed file, an attribute the dataset does not "
                    + "have, 10% of rows or more in error, or a system error; its Feeds Dashboard says which)");
        }
        return Optional.empty();
    }

    /** The folder a feed file is in; a folder may add to its name (a time stamp) when it moves it. */
    private Optional<String> where(String file) throws IOException {
        for (String folder : List.of(folders.processed(), folders.failed(), folders.processing(), folders.inbound())) {
            if (site.list(folder).stream().anyMatch(name -> name.toLowerCase(Locale.ROOT).contains(file.toLowerCase(Locale.ROOT)))) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    /** Passes on the bytes past those the file already has, counting them all. */
    private static final class Counting extends FilterOutputStream {
        private final long skip;
        private long total;

        Counting(OutputStream out, long skip) {
            super(out);
            this.skip = skip;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            long start = Math.max(0, Math.min(length, skip - total));
            total += length;
            if (start < length) {
                out.write(bytes, offset + (int) start, length - (int) start);
            }
        }
    }
}
