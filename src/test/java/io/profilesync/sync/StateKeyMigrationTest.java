package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.LongTable;
import io.profilesync.mapping.MappingParser;
import io.profilesync.poster.PosterProfile;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.splitting.SupersededSink;
import io.profilesync.splitting.SyncMode;
import io.profilesync.splitting.DestinationState;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.DestinationRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A state written before keyed hashing (its manifest names no hashing: unkeyed 64-bit key hashes and fingerprints, a
 * key directory in clear) is rewritten keyed by the next run, through the real S3 trigger on LocalS3, without sending
 * its unchanged users again; afterwards removed users are still named and identifier changes still seen, and no
 * state object holds a user key, an email or an unkeyed hash.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class StateKeyMigrationTest extends SyncTest {

    private static final List<String> DESTINATIONS = List.of("insider", "xtremepush", "evergage");
    private static final String HEADER = "user_id,email,email_optin,first_name\n";

    @Inject
    DestinationRegistry destinations;

    @Test
    void aStateWrittenBeforeKeyedHashingIsRewrittenKeyedWithoutSendingUnchangedUsersAgain() {
        Pipeline.put("mappings/legacy.yaml", "source: snapshot\n");
        String day1 = users(10, 0);
        Map<String, Set<Long>> unkeyed = writeUnkeyedState("legacy", day1);
        Set<String> before = new HashSet<>(Pipeline.keys("state/legacy/"));

        JsonNode day2 = runs.run("incoming/legacy/day2.csv", day1);

        for (String destination : DESTINATIONS) {
            JsonNode counts = day2.at("/destinations/" + destination);
            assertEquals(List.of(0L, 0L, 10L), List.of(counts.get("new").asLong(), counts.get("changed").asLong(),
                    counts.get("unchanged").asLong()), destination + ": " + counts);
            assertTrue(simulator.holdings(destination).isEmpty(), destination + " was sent nothing");
            JsonNode manifest = Pipeline.readJson("state/legacy/" + destination + "/state.json");
            assertTrue(manifest.path("hashing").asText().startsWith("hmac-sha256:"), manifest.toString());
            manifest.path("partitions").forEach(partition -> {
                assertFalse(before.contains(partition.asText()), "every partition stored anew: " + manifest);
                Set<Long> stored = new HashSet<>();
                LongPairs.partition(bytes(partition.asText())).forEach((key, fingerprint) -> stored.add(key));
                stored.retainAll(unkeyed.get(destination));
                assertEquals(Set.of(), stored, "no unkeyed key hash is left in " + partition.asText());
            });
        }
        for (String key : Pipeline.keys("state/legacy/")) {
            // the run order's and posts' markers are empty objects that hold no key hash: they stay until pruned. The
            // per-user index came with keyed hashing, so no deployment has one written unkeyed: the old run simulated
            // here writes one, which keyed lookups never read
            if (key.contains("/run-order/") || key.contains("/posting/") || key.contains("/story/")) {
                continue;
            }
            assertFalse(before.contains(key) && !key.endsWith("state.json"), key + " (written unkeyed) is still there");
            String text = new String(bytes(key), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("example.com") || text.contains("uuid:"), key + " names no user in clear");
        }

        // u10 leaves the snapshot, u3 has another email
        JsonNode day3 = runs.run("incoming/legacy/day3.csv", users(9, 3));

        for (String destination : DESTINATIONS) {
            JsonNode counts = day3.at("/destinations/" + destination);
            assertEquals(List.of(1L, 1L, 1L, 8L), List.of(counts.get("removed").asLong(), counts.get("changed").asLong(),
                    counts.get("identifier_changed").asLong(), counts.get("unchanged").asLong()), destination + ": " + counts);
        }
        assertEquals(List.of("evergage u10", "insider uuid:u10", "xtremepush u10"),
                Pipeline.readJsonLines(day3.get("removed_users").asText()).stream()
                        .map(line -> line.get("destination").asText() + " " + line.get("key").asText()).sorted().toList());
    }

    /**
     * The state the previous version left after taking {@code csv}: the real splitter, whose lanes hash unkeyed under a
     * state that does not key ({@link DestinationState#hashes}), records what it sends; every user is taken and stored as
     * that version stored them (partitions, key directories in clear, a manifest with no hashing). Per destination, the
     * unkeyed key hashes.
     */
    private Map<String, Set<Long>> writeUnkeyedState(String sync, String csv) {
        Map<String, UnkeyedState> states = new TreeMap<>();
        RunResult result = new Splitter(destinations.enabled(), destinations.caps(), false).split("day1.csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                MappingParser.parse("mappings/" + sync + ".yaml", "source: snapshot\n".getBytes(StandardCharsets.UTF_8)),
                new Splitter.SyncPlan(destination -> states.computeIfAbsent(destination, name -> new UnkeyedState()), SyncMode.DEFAULT,
                        SupersededSink.NONE),
                (destination, batch) -> { }, rejection -> { throw new AssertionError(rejection.toString()); }, rows -> { });
        assertTrue(result.succeeded(), result.toString());
        Map<String, Set<Long>> hashes = new TreeMap<>();
        states.forEach((destination, state) -> {
            Map<String, Object> partitions = new TreeMap<>();
            Map<String, Object> users = new TreeMap<>();
            state.partitions.forEach((partition, table) -> {
                String key = String.format("state/%s/%s/p%02d-unkeyed.bin", sync, destination, partition);
                put(key, LongPairs.partition(table));
                put(key.replace(".bin", ".keys"), KeyNames.encode(state.names.getOrDefault(partition, Map.of())));
                partitions.put(String.valueOf(partition), key);
                users.put(String.valueOf(partition), table.size());
            });
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("partitions", partitions);
            manifest.put("users", users);
            manifest.put("unfolded", List.of());
            manifest.put("updated_at", Instant.now().toString());
            put("state/" + sync + "/" + destination + "/state.json", json.valueToTree(manifest).toString()
                    .getBytes(StandardCharsets.UTF_8));
            hashes.put(destination, state.keyHashes);
        });
        assertEquals(new TreeSet<>(DESTINATIONS), hashes.keySet());
        return hashes;
    }

    /** A state the destination took everything from, recorded as sent: unkeyed, as every state was before. */
    private static final class UnkeyedState implements DestinationState {
        final Map<Integer, LongTable> partitions = new TreeMap<>();
        final Map<Integer, Map<Long, String>> names = new HashMap<>();
        final Set<Long> keyHashes = new HashSet<>();

        @Override
        public LongTable delivered(int partition) {
            return new LongTable();
        }

        @Override
        public void sending(String stream, int partition, SentItems sent) {
            for (int i = 0; i < sent.size(); i++) {
                partitions.computeIfAbsent(partition, any -> new LongTable()).put(sent.keys()[i], sent.fingerprints()[i]);
                keyHashes.add(sent.keys()[i]);
            }
        }

        @Override
        public void naming(int partition, long[] keyHashes, String[] userKeys) {
            for (int i = 0; i < keyHashes.length; i++) {
                names.computeIfAbsent(partition, any -> new HashMap<>()).put(keyHashes[i], userKeys[i]);
            }
        }
    }

    private static void put(String key, byte[] bytes) {
        LocalAwsResource.aws().s3().putObject(request -> request.bucket(LocalAwsResource.BUCKET).key(key),
                RequestBody.fromBytes(bytes));
    }

    private static byte[] bytes(String key) {
        return LocalAwsResource.aws().s3().getObjectAsBytes(request -> request.bucket(LocalAwsResource.BUCKET).key(key))
                .asByteArray();
    }

    /** Users u1 to u{@code count}; user {@code moved} (if any) has another email. */
    private static String users(int count, int moved) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= count; i++) {
            csv.append('u').append(i).append(",u").append(i).append(i == moved ? "@new.example.com" : "@example.com")
                    .append(",true,Name").append(i).append('\n');
        }
        return csv.toString();
    }
}
