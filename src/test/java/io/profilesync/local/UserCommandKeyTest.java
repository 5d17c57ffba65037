package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.OutboundItem;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.StateHash;
import io.profilesync.sync.StateKeys;
import io.profilesync.sync.StateManifest;
import io.profilesync.testing.LocalAws;

/**
 * {@code infra/local/run user DESTINATION KEY --state DIR} looks a user up by the state's keyed hash, with the state key the
 * local run kept beside the state, and prints the key hash the outcome table holds; without a key it says where it
 * looked, exit 2 (docs/tracing-one-user.md).
 */
class UserCommandKeyTest {

    @TempDir
    Path state;

    @BeforeEach
    void noKeyFromTheEnvironment() {
        Assumptions.assumeTrue(System.getenv(LocalPipeline.STATE_KEY_VARIABLE) == null,
                LocalPipeline.STATE_KEY_VARIABLE + " is set: it would win over the kept key");
    }

    @Test
    void aKeyIsHashedWithTheStateKeyKeptBesideTheState() throws IOException {
        String key = "a-kept-state-key-of-forty-characters-0123";
        Files.writeString(state.resolve(LocalPipeline.STATE_KEY_FILE), key + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = LocalCommands.user(options("uuid:u1"), new PrintStream(out, true, StandardCharsets.UTF_8));

        long keyed = StateHash.of(key).userKeyHash(OutboundItem.USERS, "uuid:u1");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, "no run decided about the user yet: " + printed);
        assertTrue(printed.contains(String.format("user key hash %016x: 0 runs", keyed)), printed);
        assertTrue(printed.contains("key_hash = " + keyed + " "), "the outcome table's key_hash: " + printed);
    }

    @Test
    void withoutAStateKeyTheCommandNamesWhereItLooked() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = LocalCommands.user(options("uuid:u1"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertEquals(2, exit);
        assertEquals("configuration error: no state key: " + LocalPipeline.STATE_KEY_VARIABLE + " or "
                + state.resolve(LocalPipeline.STATE_KEY_FILE) + " holds none (a local run with --state DIR keeps it there)\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStateWrittenWithAnotherKeyIsNamedRatherThanSearchedInVain() throws IOException {
        Files.writeString(state.resolve(LocalPipeline.STATE_KEY_FILE), "a-kept-state-key-of-forty-characters-0123");
        String manifest = new StateKeys("state/", "default", "insider").manifest();
        try (LocalAws aws = LocalAws.start(state)) {
            aws.createBucket(LocalPipeline.BUCKET);
            new ObjectStore(aws.s3(), new ObjectMapper()).putJson(LocalPipeline.BUCKET, manifest,
                    new StateManifest(Map.of(), Map.of(), List.of(), null, "hmac-sha256:00000000"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = LocalCommands.user(options("uuid:u1"), new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, printed);
        assertTrue(printed.startsWith("configuration error: state s3://" + LocalPipeline.BUCKET + "/" + manifest
                + " was written with another state key (hmac-sha256:00000000; "), printed);
    }

    private LocalRun.Options options(String userKey) {
        return LocalRun.Options.parse(new String[] {"user", "insider", userKey, "--state", state.toString()});
    }
}
