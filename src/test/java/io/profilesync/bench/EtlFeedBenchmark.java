package io.profilesync.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.profilesync.credentials.Credentials;
import io.profilesync.destination.evergage.LocalEtlFeed;
import io.profilesync.destination.evergage.PgpKeys;
import io.profilesync.destination.evergage.feed.FeedCredentials;
import io.profilesync.destination.evergage.feed.FeedEncoding;
import io.profilesync.destination.evergage.feed.FeedRules;
import io.profilesync.destination.evergage.feed.FeedSettings;
import io.profilesync.destination.evergage.feed.FeedSite;
import io.profilesync.destination.evergage.feed.SftpSite;

/**
 * Users per second uploaded as User ETL feed files: USERS users (about 200 bytes of JSON each, as the splitter stores
 * them) in batches of {@link FeedRules#MAX_ROWS}, each uploaded as the poster does (its own SFTP session, CSV written
 * straight into the upload, optionally gzip'd or PGP-encrypted, temporary name then rename) to the in-process SFTP
 * site on loopback. The site then processes them (not timed) and every user must be there.
 * <p>
 * {@code EtlFeedBenchmark USERS [plain|gzip|pgp]}
 */
public final class EtlFeedBenchmark {

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String packing = args.length > 1 ? args[1] : "plain";
        try (LocalEtlFeed site = new LocalEtlFeed()) {
            PgpKeys keys = "pgp".equals(packing) ? new PgpKeys() : null;
            site.pgp(keys);
            FeedEncoding encoding = new FeedEncoding(!"plain".equals(packing),
                    keys == null ? null : FeedEncoding.publicKey(keys.armouredPublicKey()));
            FeedCredentials credentials = FeedCredentials.of(new Credentials("evergage", null, Map.of(FeedCredentials.HOST,
                    "127.0.0.1", FeedCredentials.PORT, Integer.toString(site.port()), FeedCredentials.USER, LocalEtlFeed.USER,
                    FeedCredentials.PASSWORD, LocalEtlFeed.PASSWORD, FeedCredentials.HOST_KEY, site.hostKeyLine())));
            long bytes = 0;
            int files = 0;
            long started = System.nanoTime();
            for (int first = 0; first < users; first += FeedRules.MAX_ROWS) {
                byte[] body = batch(first, Math.min(users, first + FeedRules.MAX_ROWS));
                bytes += body.length;
                String batch = "bench-users-" + files;
                try (SftpSite sftp = SftpSite.open(credentials, Duration.ofSeconds(30))) {
                    new FeedSite(sftp, FOLDERS, Clock.systemUTC()).upload(batch, body, encoding, new InMemory());
                }
                files++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            site.process();
            if (site.profiles().size() != users || !site.failures().isEmpty()) {
                throw new IllegalStateException("the site holds " + site.profiles().size() + " of " + users + " users; failed: "
                        + site.failures());
            }
            System.out.printf("etl-feed %s: %,d users (%,d MB of stored JSON) in %d files uploaded in %.1f s: %,.0f users/s%n",
                    packing, users, bytes / 1_000_000, files, seconds, users / seconds);
        }
    }

    /** Users {@code from} to {@code to} as the splitter stores an Evergage batch: name and five attributes. */
    private static byte[] batch(int from, int to) {
        StringBuilder json = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                json.append(',');
            }
            json.append("{\"name\":\"customer-").append(i).append("\",\"attributes\":{\"emailAddress\":\"customer-").append(i)
                    .append("@example.com\",\"firstName\":\"Ada\",\"city\":\"Lyon, FR\",\"tier\":\"").append(i % 2 == 0 ? "gold" : "silver")
                    .append("\",\"store\":\"store-").append(i % 997).append("\",\"lastOrder\":\"2026-11-").append(10 + i % 18)
                    .append("T10:00:00Z\"}}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final FeedSettings FOLDERS = LocalEtlFeed.folders(Duration.ofSeconds(30));

    private static final class InMemory implements FeedSite.NameRecord {
        private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();
        private String name;

        @Override
        public boolean claim(String fileName) {
            return CLAIMED.add(fileName);
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

    private EtlFeedBenchmark() {
    }
}
