package io.profilesync.splitter;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The splitter with its input limits set low (docs/input.md, "Input files", "Limits"), so that hostile files cross them
 * within a test's time: the settings themselves are under test.
 */
public class HostileInputProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "profile-sync.input.max-record-bytes", String.valueOf(8 << 20),
                "profile-sync.input.max-columns", "1000",
                "profile-sync.input.max-inflated-bytes", String.valueOf(64 << 20),
                // a file over 1 MiB (with its real size in the S3 event) is planned in chunks
                "profile-sync.split.chunk-bytes", String.valueOf(1 << 20));
    }
}
