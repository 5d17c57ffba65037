package io.profilesync.config;

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

    /** Where mapping documents live (see the README, "Mappings"). */
    @WithDefault("mappings/")
    String mappingPrefix();

    /** The working bucket for run outputs; the dropped object's own bucket when unset. */
    Optional<String> outputBucket();

    /** Batch uploads to S3 in flight at once (each holds one batch body in memory). */
    @WithDefault("8")
    int uploadConcurrency();

    /** Per-vendor settings, by vendor name. */
    Map<String, VendorSettings> vendors();

    interface VendorSettings {

        @WithDefault("true")
        boolean enabled();

        /** The vendor's SQS queue, which the poster consumes. */
        Optional<String> queueUrl();

        /** A cap on items per request, below the vendor's documented limit. */
        Optional<Integer> maxItems();

        /** A cap on request body bytes, below the vendor's documented limit. */
        Optional<Long> maxBytes();
    }
}
