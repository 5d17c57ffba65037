package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.profilesync.mapping.MappingParser;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any sequence of files, modes and sources over a kept state (the destination taking everything sent): a run sends
 * exactly the users its mode allows that are new or changed, counts the others skipped or unchanged, and a snapshot
 * names exactly the users taken before that its file leaves out; the counts add up. Small memory budgets make
 * the items spill to disk and come back through the codec.
 */
class ModesProperties {

    private static final String DESTINATION = EvergageDestination.NAME;

    /** One file: its users' values (user -> value), its mode and source. */
    record Step(Map<String, String> users, String mode, String source) {
    }

    @Property(tries = 40)
    void eachModeSendsAndCountsWhatItShouldAndSnapshotsNameWhoLeft(@ForAll("steps") List<Step> steps,
            @ForAll("budgets") long budget) {
        TakingState state = new TakingState();
        Map<String, String> taken = new HashMap<>();
        for (Step step : steps) {
            StringBuilder csv = new StringBuilder("user_id,tier\n");
            step.users().forEach((user, value) -> csv.append(user).append(',').append(value).append('\n'));
            Map<String, String> sent = new TreeMap<>();
            List<String> removed = new ArrayList<>();

            RunResult result = new Splitter(Map.of(DESTINATION, new EvergageDestination()), (destination, limits) -> limits, false).split(
                    "users.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    MappingParser.parse("m.yaml", ("mode: " + step.mode() + "\nsource: " + step.source() + "\n").getBytes(
                            StandardCharsets.UTF_8)),
                    new Splitter.SyncPlan(destination -> state, new SyncMode(false, false, budget), SupersededSink.NONE,
                            (destination, key, action, ref) -> removed.add(key)),
                    (destination, batch) -> Pipeline.parse(new String(batch.body(), StandardCharsets.UTF_8)).forEach(
                            user -> sent.put(user.get("name").asText(), user.at("/attributes/tier").asText())),
                    rejection -> { throw new AssertionError(rejection.toString()); }, rows -> { });
            assertEquals(0, state.unnamed(), "every user sent is named");
            state.take();

            Map<String, String> expected = new TreeMap<>();
            long skipped = 0;
            long unchanged = 0;
            for (Map.Entry<String, String> user : step.users().entrySet()) {
                boolean known = taken.containsKey(user.getKey());
                if (step.mode().equals("update") && !known || step.mode().equals("insert") && known) {
                    skipped++;
                } else if (user.getValue().equals(taken.get(user.getKey()))) {
                    unchanged++;
                } else {
                    expected.put(user.getKey(), user.getValue());
                }
            }
            TreeSet<String> left = new TreeSet<>(taken.keySet());
            left.removeAll(step.users().keySet());
            String context = step + " over " + taken;
            DestinationSummary summary = result.destinations().get(DESTINATION);
            assertEquals(expected, sent, context);
            assertEquals(List.of(skipped, unchanged, (long) expected.size()), List.of(summary.skipped(), summary.unchanged(),
                    summary.newUsers() + summary.changed()), context);
            assertEquals(summary.accepted(), summary.newUsers() + summary.changed() + summary.unchanged() + summary.resent()
                    + summary.skipped(), context);
            // a file without rows fails its run, and a failed snapshot says nothing of who left: it removes nobody
            assertEquals(step.users().isEmpty(), !result.succeeded(), context);
            assertEquals(step.source().equals("snapshot") && result.succeeded() ? left : new TreeSet<>(), new TreeSet<>(removed),
                    context);
            assertEquals(removed.size(), summary.removed(), context);
            taken.putAll(expected);
        }
    }

    /**
     * For any sequence of snapshots where any user's row may be rejected (Xtremepush: an email without its subscription
     * flag): a user whose row is rejected is still in the file, so never removed; removed are exactly the users taken
     * before that no row of the file names.
     */
    @Property(tries = 40)
    void aSnapshotNeverRemovesAUserWhoseRowIsRejected(@ForAll("snapshots") List<Map<String, Boolean>> files,
            @ForAll("budgets") long budget) {
        TakingState state = new TakingState();
        TreeSet<String> taken = new TreeSet<>();
        for (Map<String, Boolean> file : files) {
            StringBuilder csv = new StringBuilder("user_id,email,tier\n");
            file.forEach((user, valid) -> csv.append(user).append(valid ? "," : ",x@example.com").append(",gold\n"));
            List<String> removed = new ArrayList<>();

            RunResult result = new Splitter(Map.of(XtremepushDestination.NAME, new XtremepushDestination()),
                    (destination, limits) -> limits, false).split("users.csv",
                    new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    MappingParser.parse("m.yaml", "source: snapshot\n".getBytes(StandardCharsets.UTF_8)),
                    new Splitter.SyncPlan(destination -> state, new SyncMode(false, false, budget), SupersededSink.NONE,
                            (destination, key, action, ref) -> removed.add(key)),
                    (destination, batch) -> { }, rejection -> { }, rows -> { });
            state.take();

            TreeSet<String> left = new TreeSet<>(taken);
            left.removeAll(file.keySet());
            if (file.isEmpty()) {
                left.clear(); // a file without rows fails its run: it removes nobody
            }
            String context = file + " over " + taken;
            assertEquals(left, new TreeSet<>(removed), context);
            DestinationSummary summary = result.destinations().get(XtremepushDestination.NAME);
            assertEquals(file.values().stream().filter(valid -> !valid).count(), summary.rejected(), context);
            assertEquals(left.size(), summary.removed(), context);
            file.forEach((user, valid) -> {
                if (valid) {
                    taken.add(user);
                }
            });
        }
    }

    @Provide
    Arbitrary<List<Map<String, Boolean>>> snapshots() {
        return Arbitraries.maps(Arbitraries.integers().between(1, 30).map(n -> "u" + n), Arbitraries.of(true, true, false))
                .ofMaxSize(20).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Map<String, String>> users = Arbitraries.maps(Arbitraries.integers().between(1, 30).map(n -> "u" + n),
                Arbitraries.of("gold", "silver")).ofMaxSize(20);
        return Combinators.combine(users, Arbitraries.of("upsert", "update", "insert"), Arbitraries.of("increment", "snapshot"))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Long> budgets() {
        return Arbitraries.of(256L, 4096L, SyncMode.DEFAULT_MEMORY_BUDGET);
    }
}
