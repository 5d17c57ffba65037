package io.profilesync.poster;

import java.util.List;
import java.util.Map;

import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The poster function against the destination simulators, with short timings. The local S3/SQS servers come from
 * the suite-wide {@code LocalAwsResource}.
 */
public class PosterProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.funqy.export", "poster"),
                // a file over 16 KiB (with its real size in the S3 event) is split in chunks: see ChunkedRunTest
                Map.entry("profile-sync.split.chunk-bytes", "16384"),
                // and its reduce fanned out in groups of partitions, one for about 200 KB of the chunks' items
                Map.entry("profile-sync.split.reduce-group-bytes", "200000"),
                Map.entry("quarkus.rest-client.read-timeout", "800"),
                Map.entry("profile-sync.poster.time-budget", "15s"),
                Map.entry("profile-sync.poster.max-receives", "3"),
                // the replay of Insider error callbacks (sync.NewestValueTest): stored in the tests' bucket
                Map.entry("profile-sync.callbacks.bucket", LocalAwsResource.BUCKET),
                Map.entry("profile-sync.poster.task-check-delay", "0s"),
                Map.entry("profile-sync.destinations.insider.initial-backoff", "20ms"),
                Map.entry("profile-sync.destinations.insider.max-backoff", "200ms"),
                Map.entry("profile-sync.destinations.insider.attempt-timeout", "2s"),
                Map.entry("profile-sync.destinations.insider.breaker-requests", "3"),
                Map.entry("profile-sync.destinations.insider.breaker-failure-ratio", "1.0"),
                Map.entry("profile-sync.destinations.xtremepush.initial-backoff", "20ms"),
                Map.entry("profile-sync.destinations.xtremepush.attempt-timeout", "2s"),
                Map.entry("profile-sync.destinations.evergage.initial-backoff", "20ms"),
                Map.entry("profile-sync.destinations.evergage.attempt-timeout", "2s"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DestinationSimulatorResource.class));
    }
}
