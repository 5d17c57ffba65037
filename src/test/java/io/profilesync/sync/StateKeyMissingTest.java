package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitOutcome;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A state secret without its key is a configuration error: the run fails with one plain line naming the secret and
 * its key, before anything is registered, queued or recorded (no user failed); once the key is put, the file dropped
 * again is split. Through the real S3 trigger, the local Secrets Manager and LocalS3.
 */
@QuarkusTest
@TestProfile(StateKeyMissingTest.StateSecretProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class StateKeyMissingTest extends SyncTest {

    static final String STATE_SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:profile-sync-state";

    /** The state key read from a Secrets Manager secret, as deployed, at every use (no time-to-live). */
    public static class StateSecretProfile extends PosterProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("profile-sync.state.secret-id", STATE_SECRET);
            config.put("profile-sync.credentials.ttl", "0s");
            return config;
        }
    }

    @Test
    void aStateSecretWithoutItsKeyFailsTheRunWithOnePlainLineAndTheFileDroppedAgainIsSplitOnceItIsPut() {
        LocalAwsResource.aws().secrets().put(STATE_SECRET, "{}");
        String csv = "user_id,first_name\nu1,Ann\nu2,Bob\n";
        Pipeline.put("incoming/keyless/day1.csv", csv);

        SplitOutcome outcome = split("incoming/keyless/day1.csv");

        assertEquals("failed", outcome.status(), outcome.toString());
        JsonNode manifest = Pipeline.readJson(outcome.manifest().substring(outcome.manifest().indexOf("runs/")));
        assertEquals(List.of("configuration error: the state secret " + STATE_SECRET + " has no \"hash-key\": put it in "
                + "the secret"), manifest.get("errors").findValuesAsText("message"), manifest.toString());
        assertEquals(0, manifest.get("rows").asLong());
        assertFalse(outcome.message().contains("Exception"), outcome.message());
        assertEquals(List.of(), Pipeline.keys("state/keyless/"), "nothing registered or recorded");
        for (String destination : List.of("insider", "xtremepush", "evergage")) {
            assertEquals(List.of(), Pipeline.drain(destination), destination + ": nothing queued");
        }

        LocalAwsResource.aws().secrets().put(STATE_SECRET, "{\"hash-key\": \"a-state-key-of-forty-characters-0123456\"}");
        JsonNode again = runs.run("incoming/keyless/day1-again.csv", csv);

        assertEquals(List.of("succeeded", "2"), List.of(again.get("status").asText(), again.at("/destinations/insider/delivered")
                .asText()), again.toString());
    }

    private SplitOutcome split(String key) {
        try {
            return splitter.handle(json.readValue(S3Events.created(LocalAwsResource.BUCKET, key), S3Event.class))
                    .outcomes().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
