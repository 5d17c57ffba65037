package io.profilesync.destination.evergage.feed;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The User ETL feed's settings ({@code profile-sync.evergage.feed.*}). The folder names are those the
 * documentation gives; see {@link FeedRules} for what each rests on.
 */
public interface FeedSettings {

    /** Whether files are gzip'd ({@code user-...csv.gz}). */
    @WithDefault("false")
    boolean gzip();

    /** The folder files are uploaded to. */
    @WithDefault("Inbound")
    String inbound();

    /** Folders a file is in while, and after, the feed processes it: in-progress, success, failure. */
    @WithDefault("Processing")
    String processing();

    @WithDefault("processed")
    String processed();

    @WithDefault("failed")
    String failed();

    /** Connecting and authenticating to the SFTP site. */
    @WithDefault("20s")
    Duration connectTimeout();
}
