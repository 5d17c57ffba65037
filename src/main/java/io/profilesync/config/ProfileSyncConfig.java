package io.profilesync.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** profile-sync's own settings; every key can be overridden by its environment variable. */
@ConfigMapping(prefix = "profile-sync")
public interface ProfileSyncConfig {

    /** Only objects under this prefix are split; anything else in the bucket is ignored. */
    @WithDefault("incoming/")
    String inputPrefix();

    /** Where runs are written: manifests, rejected rows and batches. Never split, so the function cannot trigger itself. */
    @WithDefault("runs/")
    String outputPrefix();

    /** Where mapping documents live (see docs/mappings.md, "Mappings"). */
    @WithDefault("mappings/")
    String mappingPrefix();

    /** The working bucket for run outputs; the dropped object's own bucket when unset. */
    Optional<String> outputBucket();

    /** Batch uploads to S3 in flight at once (each holds one batch body in memory). */
    @WithDefault("8")
    int uploadConcurrency();

    /** Where a run announces itself when it completes (see docs/observability.md, "A run completes by itself"). */
    Events events();

    interface Events {

        /** The EventBridge bus the {@code Run Completed} and {@code Run Failed} events go to. */
        @WithDefault("default")
        String bus();

        /** A local EventBridge endpoint (tests, the local run); AWS's own when unset. */
        Optional<String> endpointOverride();
    }

    /** Files split in chunks (see docs/chunked-split.md, "Large files: the chunked split"). */
    Split split();

    interface Split {

        /**
         * A file larger than this (uncompressed) is split in chunks of about this size, each in its own invocation.
         * 256 MiB is about 1.5M rows of a typical CRM export: a chunk ends well inside the 15-minute timeout.
         */
        @WithDefault("268435456")
        long chunkBytes();

        /** The queue the splitter sends chunks to, which the split-chunk function consumes (set by Terraform). */
        Optional<String> chunkQueueUrl();

        /**
         * Once every chunk is split, the reduce is fanned out in groups of partitions, one invocation each, a group for
         * about this many bytes of the chunks' items (a 256 MiB chunk hands on about 1.8 GB for three destinations).
         */
        @WithDefault("4294967296")
        long reduceGroupBytes();

        /** Where the chunks' intermediate files go in the working bucket (expired by a lifecycle rule). */
        @WithDefault("split-chunks/")
        String chunkPrefix();

        /**
         * Rows of a generated file the splitter and split-chunk functions split (nothing stored, queued or sent) before
         * SnapStart snapshots them, so that a restored function starts with its code loaded and compiled
         * (docs/operating.md, "SnapStart priming"); 0: none.
         */
        @WithDefault("1000000")
        long primingRows();
    }

    /**
     * What one record of a dropped file may take (docs/input.md, "Input files", "Limits"); each unset limit is sized from the
     * function's heap ({@code ingest.InputLimits#forHeap}).
     */
    Input input();

    interface Input {

        /** A CSV record's bytes (a quoted field's line breaks included) or a JSON line's. */
        Optional<Long> maxRecordBytes();

        /** A CSV header's columns; a record may hold this many fields more than its header. */
        Optional<Integer> maxColumns();

        /** What a gzip file may inflate to. */
        Optional<Long> maxInflatedBytes();
    }

    /** Change detection and the split's memory (see docs/sync.md, "Syncs and change detection"). */
    Sync sync();

    interface Sync {

        /** Where each sync's state is kept in the working bucket: {@code <prefix><sync>/<destination>/}. */
        @WithDefault("state/")
        String statePrefix();

        /**
         * How long a later run waits for an earlier run's outcomes before folding what was answered into the state
         * (users not answered for by then are sent again).
         */
        @WithDefault("24h")
        Duration foldAfter();

        /**
         * Bytes of accepted items per destination kept in memory until the file is read; more go to temporary files, and
         * all of them when the file (or chunk) is larger than this as stored.
         */
        @WithDefault("67108864")
        long itemsInMemoryBytes();

        /**
         * How long a split may go without showing progress before the runs it would make stale stop waiting for it:
         * longer than one split invocation (Lambda's 900 s at most); each invocation of a chunked split renews it.
         */
        @WithDefault("20m")
        Duration splitLease();

        /**
         * How long a sync remembers the order of its runs: longer than any batch message can live (SQS keeps one at
         * most 14 days, a dead-letter queue's copy included). A batch of a run the sync no longer remembers is stale.
         */
        @WithDefault("15d")
        Duration runRetention();
    }

    /** Per-destination settings, by destination name. */
    Map<String, DestinationSettings> destinations();

    /** The poster's settings. */
    Poster poster();

    /** How credentials are read (see {@code credentials.CredentialStore}). */
    CredentialSettings credentials();

    /** CloudWatch embedded-metric-format lines on standard output (read by {@code metrics.Metrics}). */
    MetricsSettings metrics();

    interface MetricsSettings {
        /** Whether the functions write metric lines. */
        @WithDefault("true")
        boolean enabled();
    }

    interface CredentialSettings {

        /** How long credentials read from a secret or the environment are used before they are read again. */
        @WithDefault("5m")
        Duration ttl();

        /** A local Secrets Manager endpoint (tests, the local run); AWS's own when unset. */
        Optional<String> endpointOverride();
    }

    interface Poster {

        /** How long one invocation may spend retrying; keep it below the Lambda timeout. */
        @WithDefault("60s")
        Duration timeBudget();

        /** The queues' {@code maxReceiveCount}: on the last delivery a failing batch is reported failed, then dead-lettered. */
        @WithDefault("5")
        int maxReceives();

        /** Wait between checks of an asynchronous destination task (Xtremepush 202). */
        @WithDefault("30s")
        Duration taskCheckDelay();

        /**
         * How long a batch claim's lease outlasts the invocation's time budget, so that it never ends while its
         * delivery still posts (and a crashed delivery's claim ends soon after; see poster.BatchClaims).
         */
        @WithDefault("30s")
        Duration claimMargin();

        /** Checks of a destination task before its users are reported unconfirmed. */
        @WithDefault("40")
        int maxTaskChecks();
    }

    /**
     * One destination's deployment settings. Everything else about a destination (its documented limits, rate limit and
     * guards) is declared by its package in code ({@code destination.Destination#delivery()}); these may lower the limits and
     * the rate limit, never raise them, and tune the guards. A destination with no settings at all is enabled.
     */
    interface DestinationSettings {

        @WithDefault("true")
        boolean enabled();

        /** The destination's SQS queue, which the poster consumes ({@code PROFILE_SYNC_DESTINATIONS_<DESTINATION>_QUEUE_URL}). */
        Optional<String> queueUrl();

        /** A cap on items per request, below the destination's documented limit. */
        Optional<Integer> maxItems();

        /** A cap on request body bytes, below the destination's documented limit. */
        Optional<Long> maxBytes();

        /** A cap on the requests per minute this function instance may send, below the destination's own. */
        Optional<Integer> requestsPerMinute();

        /** Retries of one request within an invocation (5xx, 429, timeouts, connection errors). */
        Optional<Integer> maxRetries();

        /** First retry delay; doubled each retry, with jitter, up to {@link #maxBackoff()}. */
        Optional<Duration> initialBackoff();

        Optional<Duration> maxBackoff();

        /** The longest one request may take. */
        Optional<Duration> attemptTimeout();

        /** Circuit breaker: requests in the rolling window it judges. */
        Optional<Integer> breakerRequests();

        /** Circuit breaker: share of those that must fail to open it. */
        Optional<Double> breakerFailureRatio();

        /** Circuit breaker: how long it stays open before letting a trial request through. */
        Optional<Duration> breakerDelay();
    }
}
