package io.profilesync.callbacks;

import java.util.List;
import java.util.Map;

import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The callback endpoint, with a known secret and small body limits. */
public class CallbackProfile implements QuarkusTestProfile {

    static final String SECRET = "c4llb4ck-s3cret";
    /** The secret before the last rotation, still accepted during the rotation window. */
    static final String PREVIOUS_SECRET = "pr3vious-s3cret";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "callbacks",
                "profile-sync.callbacks.secret", SECRET,
                "profile-sync.callbacks.previous-secret", PREVIOUS_SECRET,
                "profile-sync.callbacks.max-body-bytes", "2000",
                "profile-sync.callbacks.echo-margin-bytes", "500",
                "profile-sync.callbacks.bucket", LocalAwsResource.BUCKET);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DestinationSimulatorResource.class));
    }
}
