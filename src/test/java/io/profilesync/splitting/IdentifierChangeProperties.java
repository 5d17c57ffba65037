package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.profilesync.mapping.MappingParser;
import io.profilesync.destination.Identifiers;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any sequence of files over a kept state (each destination taking everything sent), in memory or spilled to disk:
 * each destination names exactly the users it is sent whose email differs from the last one it took, with what its
 * documentation makes of it (docs/identifiers.md); a blank email is no change; the count is the names'.
 */
class IdentifierChangeProperties {

    private static final Map<String, Identifiers.Handling> HANDLING = Map.of(InsiderDestination.NAME, Identifiers.Handling.REPORTED,
            XtremepushDestination.NAME, Identifiers.Handling.SENT_WITH_USER, EvergageDestination.NAME, Identifiers.Handling.SENT_WITH_USER);

    /** A user's row: its email (null: a blank cell) and a tier. */
    record Row(String email, String tier) {
    }

    @Property(tries = 30)
    void eachDestinationNamesExactlyTheUsersItIsSentWithAnotherEmail(@ForAll("files") List<Map<String, Row>> files,
            @ForAll("budgets") long budget) {
        Map<String, TakingState> states = new HashMap<>();
        Map<String, Row> taken = new HashMap<>();
        Map<String, String> emails = new HashMap<>();
        for (Map<String, Row> file : files) {
            StringBuilder csv = new StringBuilder("user_id,email,email_optin,tier\n");
            file.forEach((user, row) -> csv.append(user).append(',').append(row.email() == null ? "" : row.email())
                    .append(",true,").append(row.tier()).append('\n'));
            Map<String, TreeSet<String>> named = new TreeMap<>();
            RunResult result = new Splitter(Map.of(InsiderDestination.NAME, new InsiderDestination(), XtremepushDestination.NAME,
                    new XtremepushDestination(), EvergageDestination.NAME, new EvergageDestination()), (destination, limits) -> limits, true).split(
                    "users.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    MappingParser.parse("m.yaml", "{}".getBytes(StandardCharsets.UTF_8)),
                    new Splitter.SyncPlan(destination -> states.computeIfAbsent(destination, name -> new TakingState()),
                            new SyncMode(false, false, budget), SupersededSink.NONE, new RemovedSink() {
                                @Override
                                public void removed(String destination, String key, Action action, long ref) {
                                    throw new AssertionError("an increment removes nobody");
                                }

                                @Override
                                public void identifierChanged(String destination, String key, String identifier,
                                        Identifiers.Handling handling) {
                                    assertEquals(List.of("email", HANDLING.get(destination)), List.of(identifier, handling));
                                    named.computeIfAbsent(destination, name -> new TreeSet<>()).add(key);
                                }
                            }),
                    (destination, batch) -> { }, rejection -> { throw new AssertionError(rejection.toString()); }, rows -> { });

            TreeSet<String> changed = new TreeSet<>();
            long withEmail = 0;
            for (Map.Entry<String, Row> user : file.entrySet()) {
                Row row = user.getValue();
                if (row.equals(taken.get(user.getKey()))) {
                    continue;
                }
                String before = emails.get(user.getKey());
                if (row.email() != null && before != null && !before.equals(row.email())) {
                    changed.add(user.getKey());
                }
                withEmail += row.email() == null ? 0 : 1;
            }
            String context = file + " over " + taken + " and emails " + emails;
            for (String destination : HANDLING.keySet()) {
                TreeSet<String> expected = new TreeSet<>(changed.stream()
                        .map(user -> destination.equals(InsiderDestination.NAME) ? "uuid:" + user : user).toList());
                assertEquals(expected, named.getOrDefault(destination, new TreeSet<>()), destination + ": " + context);
                assertEquals(expected.size(), result.destinations().get(destination).identifierChanged(), destination + ": " + context);
                assertEquals(withEmail, states.get(destination).unnamed(), destination + ": one identifier recorded per user sent with "
                        + "an email: " + context);
                states.get(destination).take();
            }
            file.forEach((user, row) -> {
                if (!row.equals(taken.get(user)) && row.email() != null) {
                    emails.put(user, row.email());
                }
            });
            taken.putAll(file);
        }
    }

    @Provide
    Arbitrary<List<Map<String, Row>>> files() {
        Arbitrary<Row> rows = Combinators.combine(Arbitraries.of("a@example.com", "b@example.com", "c@example.com")
                .injectNull(0.25), Arbitraries.of("gold", "silver")).as(Row::new);
        return Arbitraries.maps(Arbitraries.integers().between(1, 20).map(n -> "u" + n), rows).ofMinSize(1).ofMaxSize(15)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Long> budgets() {
        return Arbitraries.of(256L, SyncMode.DEFAULT_MEMORY_BUDGET);
    }
}
