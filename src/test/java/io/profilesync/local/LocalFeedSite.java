package io.profilesync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.profilesync.destination.evergage.LocalEtlFeed;
import io.profilesync.destination.evergage.feed.FeedCredentials;

/**
 * The local run's Personalization SFTP site ({@code --evergage-delivery etl-feed}): the in-process site the tests use
 * ({@link LocalEtlFeed}: it holds feed files to the documented name, encoding and header rules and moves each to
 * {@code processed} or {@code failed}), whose feed runs on its own, as Personalization's does, every half second.
 */
final class LocalFeedSite implements AutoCloseable {

    /** Where, under {@code --out DIR}, the site's folders are copied. */
    static final String OUT_FOLDER = "personalization-sftp";
    private static final List<String> FOLDERS = List.of("Inbound", "processed", "failed");

    private final LocalEtlFeed site = new LocalEtlFeed();
    private final ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "personalization-feed");
        thread.setDaemon(true);
        return thread;
    });

    LocalFeedSite(Consumer<String> log) {
        feed.scheduleWithFixedDelay(() -> {
            try {
                site.process();
            } catch (RuntimeException e) {
                log.accept("[personalization sftp] the feed could not process Inbound: " + e.getMessage());
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** The keys the evergage secret holds for this site, as docs/personalization-etl-feed.md ("Setup") lists them. */
    Map<String, String> credentials() {
        return Map.of(FeedCredentials.HOST, "127.0.0.1", FeedCredentials.PORT, Integer.toString(site.port()),
                FeedCredentials.USER, LocalEtlFeed.USER, FeedCredentials.PASSWORD, LocalEtlFeed.PASSWORD,
                FeedCredentials.HOST_KEY, site.hostKeyLine());
    }

    String address() {
        return "sftp://" + LocalEtlFeed.USER + "@127.0.0.1:" + site.port();
    }

    /**
     * Stops the feed (after the delivery: nothing is left to process, and the folders no longer move under
     * {@link #print} and {@link #copyTo}).
     */
    void stopFeed() {
        feed.shutdownNow();
        try {
            if (!feed.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the local Personalization feed did not stop within 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the site received: each folder's files, why each failed file failed, and how many users it holds. */
    void print(PrintStream out) {
        out.printf("  personalization sftp site (%s, in-process):%n", address());
        for (String folder : FOLDERS) {
            List<String> files = site.files(folder);
            out.printf("    %-10s %s%n", folder + ":", files.isEmpty() ? "-" : String.join(", ", files));
        }
        site.failures().forEach((file, reason) -> out.printf("    %s failed: %s%n", file, reason));
        out.printf("    users held by the feed: %,d%n", site.profiles().size());
    }

    /** Copies the site's folders to {@code dir/personalization-sftp/<folder>/<file>}; answers how many files. */
    int copyTo(Path dir) {
        int copied = 0;
        for (String folder : FOLDERS) {
            for (String file : site.files(folder)) {
                Path target = dir.resolve(OUT_FOLDER).resolve(folder).resolve(file);
                try {
                    Files.createDirectories(target.getParent());
                    Files.copy(site.root().resolve(folder).resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                copied++;
            }
        }
        return copied;
    }

    @Override
    public void close() throws IOException {
        stopFeed();
        site.close();
    }
}
