package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.LongTable;
import io.profilesync.mapping.MappingParser;
import io.profilesync.splitting.UserDecision.Decision;
import io.profilesync.sync.StateHash;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.evergage.EvergageDestination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * For any two files of one sync (the destination taking everything sent), the decisions a run records for the per-user
 * index: every row with a user key has exactly one decision at its line (rejected with its rule, superseded by the
 * user's later line, or new, changed, unchanged), in its user's partition; a sent user's batch and place are the
 * ones its item really went out in.
 */
class UserDecisionsProperties {

    private static final String DESTINATION = EvergageDestination.NAME;

    /** One row: a user (of a few), a tier, and whether its age breaks the mapping's number type. */
    record Row(String user, String tier, boolean badAge) {
    }

    @Property(tries = 30)
    void everyKeyedRowHasOneDecisionAndSentOnesTheirBatchPlace(@ForAll("files") List<List<Row>> files,
            @ForAll @IntRange(min = 1, max = 4) int batchItems, @ForAll @AlphaChars @StringLength(min = 32, max = 64) String stateKey) {
        Recording state = new Recording(StateHash.of(stateKey));
        Map<String, String> taken = new HashMap<>();
        for (List<Row> file : files) {
            StringBuilder csv = new StringBuilder("user_id,tier,age\n");
            file.forEach(row -> csv.append(row.user()).append(',').append(row.tier()).append(',')
                    .append(row.badAge() ? "x" : "3").append('\n'));
            Map<String, JsonNode> bodies = new HashMap<>();
            state.decided.clear();
            new Splitter(Map.of(DESTINATION, new EvergageDestination()), (destination, limits) -> limits.capped(batchItems, null), false)
                    .split("users.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                            MappingParser.parse("m.yaml", "types: {age: number}\n".getBytes(StandardCharsets.UTF_8)),
                            new Splitter.SyncPlan(destination -> state, new SyncMode(false, false, SyncMode.DEFAULT_MEMORY_BUDGET),
                                    SupersededSink.NONE),
                            (destination, batch) -> bodies.put(batch.stream() + batch.number(),
                                    Pipeline.parse(new String(batch.body(), StandardCharsets.UTF_8))),
                            rejection -> { }, rows -> { });

            Map<String, Integer> lastValid = new HashMap<>();
            for (int i = 0; i < file.size(); i++) {
                if (!file.get(i).badAge()) {
                    lastValid.put(file.get(i).user(), i);
                }
            }
            Map<Long, UserDecision> byLine = new HashMap<>();
            state.decided.forEach(decision -> assertEquals(null, byLine.put(decision.line(), decision), "one decision a line"));
            assertEquals(file.size(), byLine.size(), "a decision for every row");
            for (int i = 0; i < file.size(); i++) {
                Row row = file.get(i);
                UserDecision decision = byLine.get((long) i + 2);
                assertEquals(state.hashes().userKeyHash(OutboundItem.USERS, row.user()), decision.keyHash(),
                        "the state's keyed hash");
                Decision expected = row.badAge() ? Decision.REJECTED : lastValid.get(row.user()) != i ? Decision.SUPERSEDED
                        : !taken.containsKey(row.user()) ? Decision.NEW
                        : taken.get(row.user()).equals(row.tier()) ? Decision.UNCHANGED : Decision.CHANGED;
                assertEquals(expected, decision.decision(), "line " + (i + 2));
                if (expected == Decision.REJECTED) {
                    assertEquals("age type(number)", decision.detail());
                }
                if (expected.sends()) {
                    JsonNode item = bodies.get(decision.stream() + decision.batch()).get(decision.position());
                    assertEquals(row.user(), item.get("name").asText(), "the batch place holds the user");
                    assertEquals(row.tier(), item.at("/attributes/tier").asText());
                } else {
                    assertEquals(0, decision.batch());
                }
            }
            lastValid.forEach((user, i) -> taken.put(user, file.get(i).tier()));
            state.take();
        }
    }

    @Provide
    Arbitrary<List<List<Row>>> files() {
        Arbitrary<Row> row = Combinators.combine(Arbitraries.of("u1", "u2", "u3", "u4", "u5", "u6"),
                Arbitraries.of("gold", "silver"), Arbitraries.integers().between(0, 5).map(n -> n == 0))
                .as(Row::new);
        return row.list().ofMinSize(1).ofMaxSize(12).list().ofSize(2);
    }

    /** A taking state that keeps what each run decided, checking each partition holds only its own users. */
    private static final class Recording implements DestinationState {
        private final TakingState taking = new TakingState();
        private final StateHashes hashes;
        final List<UserDecision> decided = new ArrayList<>();

        Recording(StateHashes hashes) {
            this.hashes = hashes;
        }

        @Override
        public StateHashes hashes() {
            return hashes;
        }

        @Override
        public LongTable delivered(int partition) {
            return taking.delivered(partition);
        }

        @Override
        public void sending(String stream, int partition, SentItems sent) {
            taking.sending(stream, partition, sent);
        }

        @Override
        public void decided(int partition, List<UserDecision> decisions) {
            decisions.forEach(decision -> assertEquals(partition, DestinationState.partition(decision.keyHash())));
            assertTrue(decisions.stream().noneMatch(decision -> decision.decision().sends() && decision.batch() == 0),
                    "written once every sent user has its batch");
            decided.addAll(decisions);
        }

        void take() {
            taking.take();
        }
    }
}
