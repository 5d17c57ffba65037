package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.destination.Destination;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.evergage.SimulatedEvergage;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.insider.SimulatedInsider;
import io.profilesync.destination.xtremepush.SimulatedXtremepush;
import io.profilesync.destination.xtremepush.XtremepushDestination;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.simulator.SimulatedDestination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The sync's promise for any sequence of files over a kept state, in process and fast enough for hundreds of tries in
 * the quick loop (jqwik's default number in a full build): after every file, what each destination holds equals the
 * files' truth (each user's last row of each file, blank cells leaving what the destination held), each destination
 * was sent exactly the users whose payload is new or changed, each once, and the report's unchanged count is the rest.
 * The splitter runs with the three real destinations and the default mapping; each destination takes every batch as its
 * simulator reads and applies the request (the simulators enforce the documented bodies). {@code sync.SyncPropertiesTest}
 * checks the same sequences end to end through the real triggers, S3 state, queues and poster.
 */
public class SyncSequenceProperties {

    private static final List<String> ATTRIBUTES = List.of("a", "b", "c");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The request path each destination's batches are posted to (the simulators read a body by its path). */
    private static final Map<String, String> PATHS = Map.of(InsiderDestination.NAME, "/api/user/v1/upsert",
            XtremepushDestination.NAME, "/api/external/import/profile", EvergageDestination.NAME, "/api/dataset/engage/users/upsert");

    @Property
    void theDestinationsHoldTheFilesTruthAndOnlyChangesAreSent(@ForAll("sequences") List<List<String[]>> files) {
        Map<String, Destination> destinations = Map.of(InsiderDestination.NAME, new InsiderDestination(),
                XtremepushDestination.NAME, new XtremepushDestination(), EvergageDestination.NAME, new EvergageDestination());
        Map<String, SimulatedDestination> simulators = Map.of(InsiderDestination.NAME, new SimulatedInsider(),
                XtremepushDestination.NAME, new SimulatedXtremepush(), EvergageDestination.NAME, new SimulatedEvergage());
        Map<String, TakingState> states = new HashMap<>();
        Map<String, Map<String, ObjectNode>> held = new HashMap<>();
        Truth truth = new Truth();
        for (int file = 1; file <= files.size(); file++) {
            String csv = csv(files.get(file - 1));
            Map<String, List<String>> sent = new HashMap<>();
            RunResult result = new Splitter(destinations, (destination, limits) -> limits, false).split("users.csv",
                    new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), MappingDocument.DEFAULT,
                    new Splitter.SyncPlan(destination -> states.computeIfAbsent(destination, name -> new TakingState()),
                            SyncMode.DEFAULT, SupersededSink.NONE),
                    (destination, batch) -> {
                        JsonNode body = parse(batch.body());
                        SimulatedDestination simulator = simulators.get(destination);
                        sent.computeIfAbsent(destination, name -> new ArrayList<>()).addAll(simulator.users(PATHS.get(destination), body));
                        simulator.apply(PATHS.get(destination), body, held.computeIfAbsent(destination, name -> new HashMap<>()));
                    },
                    rejection -> { throw new AssertionError("no row of these files is invalid: " + rejection); }, rows -> { });
            states.values().forEach(TakingState::take);

            truth.next(files.get(file - 1));
            String context = "file " + file + " of " + files.stream().map(SyncSequenceProperties::csv).toList();
            for (String destination : destinations.keySet()) {
                truth.check(destination, sent.getOrDefault(destination, List.of()), result.destinations().get(destination).unchanged(),
                        held.getOrDefault(destination, Map.of()), context);
            }
        }
    }

    /**
     * What a sequence of files makes true: each user's values (the last row of each file, blank cells leaving the
     * values before) and the users each file must send (those whose values differ from what was last sent).
     */
    public static final class Truth {
        private final Map<String, Map<String, String>> values = new TreeMap<>();
        private final Map<String, Map<String, String>> lastSent = new HashMap<>();
        private TreeSet<String> changed = new TreeSet<>();
        private int unchanged;

        /** Takes the next file's rows. */
        public void next(List<String[]> rows) {
            changed = new TreeSet<>();
            Map<String, Map<String, String>> latest = latestValues(rows);
            latest.forEach((user, userValues) -> {
                if (!userValues.equals(lastSent.get(user))) {
                    changed.add(user);
                    lastSent.put(user, userValues);
                }
                values.computeIfAbsent(user, key -> new TreeMap<>()).putAll(userValues);
            });
            unchanged = latest.size() - changed.size();
        }

        /**
         * Checks one destination after the file: it was sent exactly the changed users, each once; its report counts
         * the others unchanged; it holds every user's values (as its simulator holds them).
         */
        public void check(String destination, List<String> sent, long reportedUnchanged, Map<String, ObjectNode> holdings,
                String context) {
            assertEquals(changed, new TreeSet<>(sent), destination + " was sent exactly the changed users; " + context);
            assertEquals(sent.size(), new TreeSet<>(sent).size(), destination + " was sent each once; " + context);
            assertEquals(unchanged, reportedUnchanged, destination + " counts the others unchanged; " + context);
            assertEquals(values, held(holdings, destination), destination + " holds the truth; " + context);
        }
    }

    /** 1 to 4 files of 1 to 12 rows of up to 8 users (some more than once), each attribute one of three values or blank. */
    @Provide
    public static Arbitrary<List<List<String[]>>> sequences() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")), Tuple.of(4, Arbitraries.of("0", "1", "2")));
        Arbitrary<String[]> row = Combinators.combine(Arbitraries.integers().between(0, 7), value, value, value)
                .as((user, a, b, c) -> {
                    String[] cells = {"u" + user, a.isEmpty() ? "" : "a" + a, b.isEmpty() ? "" : "b" + b, c.isEmpty() ? "" : "c" + c};
                    if (a.isEmpty() && b.isEmpty() && c.isEmpty()) {
                        cells[1] = "a0"; // a user with no attribute at all is rejected by Insider: keep each row valid everywhere
                    }
                    return cells;
                });
        return row.list().ofMinSize(1).ofMaxSize(12).list().ofMinSize(1).ofMaxSize(4);
    }

    /** A file of these rows, with its header. */
    public static String csv(List<String[]> rows) {
        StringBuilder csv = new StringBuilder("user_id," + String.join(",", ATTRIBUTES) + "\n");
        rows.forEach(row -> csv.append(String.join(",", row)).append('\n'));
        return csv.toString();
    }

    /** Each user's values in the last row that names them (blank cells left out). */
    private static Map<String, Map<String, String>> latestValues(List<String[]> rows) {
        Map<String, Map<String, String>> latest = new LinkedHashMap<>();
        for (String[] row : rows) {
            Map<String, String> values = new TreeMap<>();
            for (int i = 0; i < ATTRIBUTES.size(); i++) {
                if (!row[i + 1].isEmpty()) {
                    values.put(ATTRIBUTES.get(i), row[i + 1]);
                }
            }
            latest.put(row[0], values);
        }
        return latest;
    }

    /** The generated attributes each user holds, as the destination's simulator holds them (Insider: under {@code custom}). */
    private static Map<String, Map<String, String>> held(Map<String, ObjectNode> holdings, String destination) {
        String prefix = destination.equals(InsiderDestination.NAME) ? "custom." : "";
        Map<String, Map<String, String>> held = new TreeMap<>();
        holdings.forEach((user, profile) -> {
            Map<String, String> attributes = new TreeMap<>();
            for (String attribute : ATTRIBUTES) {
                JsonNode value = profile.get(prefix + attribute);
                if (value != null) {
                    attributes.put(attribute, value.asText());
                }
            }
            held.put(user, attributes);
        });
        return held;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
