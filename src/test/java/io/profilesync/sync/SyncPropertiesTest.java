package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.VendorSimulator;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * For any sequence of files over a kept state (random users, duplicates within a file, blank cells, values that
 * change or not from one file to the next), after every file: what each simulated vendor holds equals the files'
 * truth (each user's last row of each file, blanks leaving what the vendor held), and the users sent are exactly
 * those whose payload is new or changed. Each seed is one generated sequence, run through the real triggers.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class SyncPropertiesTest extends SyncTest {

    private static final List<String> ATTRIBUTES = List.of("a", "b", "c");
    private static final int FILES = 3;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 41})
    void theVendorsHoldTheFilesTruthAndOnlyChangesAreSent(long seed) {
        Random random = new Random(seed);
        Map<String, Map<String, String>> truth = new TreeMap<>();
        Map<String, Map<String, String>> lastSent = new HashMap<>();
        for (int file = 1; file <= FILES; file++) {
            List<String[]> rows = rows(random);
            Map<String, Map<String, String>> latest = new LinkedHashMap<>();
            StringBuilder csv = new StringBuilder("user_id," + String.join(",", ATTRIBUTES) + "\n");
            for (String[] row : rows) {
                csv.append(String.join(",", row)).append('\n');
                Map<String, String> values = new TreeMap<>();
                for (int i = 0; i < ATTRIBUTES.size(); i++) {
                    if (!row[i + 1].isEmpty()) {
                        values.put(ATTRIBUTES.get(i), row[i + 1]);
                    }
                }
                latest.put(row[0], values);
            }
            int sentBefore = simulator.processedUsers("xtremepush").size();

            JsonNode report = runs.run("incoming/property-" + seed + "/file-" + file + ".csv", csv.toString());

            TreeSet<String> changed = new TreeSet<>();
            latest.forEach((user, values) -> {
                if (!values.equals(lastSent.get(user))) {
                    changed.add(user);
                    lastSent.put(user, values);
                }
                truth.computeIfAbsent(user, key -> new TreeMap<>()).putAll(values);
            });
            String context = "seed " + seed + ", file " + file + ":\n" + csv;
            List<String> sent = simulator.processedUsers("xtremepush");
            assertEquals(changed, new TreeSet<>(sent.subList(sentBefore, sent.size())), "sent exactly the changed users; " + context);
            assertEquals(sent.size() - sentBefore, new TreeSet<>(sent.subList(sentBefore, sent.size())).size(),
                    "each sent once; " + context);
            assertEquals(latest.size() - changed.size(), report.at("/vendors/xtremepush/unchanged").asLong(), context);
            assertEquals(truth, held(simulator, "xtremepush", ""), "Xtremepush; " + context);
            assertEquals(truth, held(simulator, "evergage", ""), "Evergage; " + context);
            assertEquals(truth, held(simulator, "insider", "custom."), "Insider; " + context);
        }
    }

    /** 1-8 users (some twice or three times), each attribute one of two values or blank. */
    private static List<String[]> rows(Random random) {
        List<String[]> rows = new ArrayList<>();
        int count = 1 + random.nextInt(10);
        for (int i = 0; i < count; i++) {
            String[] row = new String[ATTRIBUTES.size() + 1];
            row[0] = "u" + random.nextInt(8);
            for (int a = 1; a < row.length; a++) {
                int pick = random.nextInt(5);
                row[a] = pick == 0 ? "" : ATTRIBUTES.get(a - 1) + (pick % 2);
            }
            if (String.join("", row).equals(row[0])) {
                row[1] = "a0"; // a user with no attribute at all is rejected by Insider: keep each row valid everywhere
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Map<String, String>> held(VendorSimulator simulator, String vendor, String prefix) {
        Map<String, Map<String, String>> held = new TreeMap<>();
        for (Map.Entry<String, ObjectNode> user : simulator.holdings(vendor).entrySet()) {
            Map<String, String> values = new TreeMap<>();
            for (String attribute : ATTRIBUTES) {
                JsonNode value = user.getValue().get(prefix + attribute);
                if (value != null) {
                    values.put(attribute, value.asText());
                }
            }
            held.put(user.getKey(), values);
        }
        return held;
    }
}
