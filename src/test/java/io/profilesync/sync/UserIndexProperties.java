package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.profilesync.splitting.UserDecision;
import io.profilesync.splitting.UserDecision.Decision;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The per-user index object: for any decisions of a partition, looking up any key hash (one of them or not) gives
 * exactly that user's decisions, reading only the header's two offsets and the user's group of records.
 */
class UserIndexProperties {

    @Property(tries = 200)
    void aLookupFindsExactlyTheUsersDecisionsReadingOnlyItsGroup(@ForAll("decisions") List<UserDecision> decisions,
            @ForAll("keyHashes") long stranger) {
        byte[] object = UserIndex.encode(decisions);
        List<Long> asked = new ArrayList<>(decisions.stream().map(UserDecision::keyHash).distinct().toList());
        asked.add(stranger);
        for (long keyHash : asked) {
            AtomicLong headerRead = new AtomicLong();
            AtomicLong recordsRead = new AtomicLong();
            List<UserDecision> found = UserIndex.read((start, end) -> {
                (start < UserIndex.HEADER_BYTES ? headerRead : recordsRead).addAndGet(end - start);
                return Arrays.copyOfRange(object, (int) start, (int) end);
            }, keyHash);
            Comparator<UserDecision> order = Comparator.comparingLong(UserDecision::line);
            List<UserDecision> expected = decisions.stream().filter(decision -> decision.keyHash() == keyHash).sorted(order)
                    .toList();
            assertEquals(expected, found.stream().sorted(order).toList());
            assertEquals(2 * Integer.BYTES, headerRead.get(), "two offsets of the header");
            long group = decisions.stream().filter(decision -> UserIndex.bucket(decision.keyHash()) == UserIndex.bucket(keyHash))
                    .count();
            assertTrue(group == 0 ? recordsRead.get() == 0 : recordsRead.get() < (group + 1) * 200L,
                    "only the group's records: " + recordsRead.get() + " bytes for " + group);
        }
    }

    @Provide
    Arbitrary<List<UserDecision>> decisions() {
        // a few partitions' worth of users, some with several decisions, many sharing a group of 8 bits
        Arbitrary<Long> keyHash = keyHashes().injectDuplicates(0.3);
        Arbitrary<UserDecision> decision = Combinators.combine(keyHash, Arbitraries.longs().between(1, 1_000_000),
                Arbitraries.of(Decision.class), Arbitraries.longs(), Arbitraries.of("", "users", "deletes"),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 10_000),
                Arbitraries.strings().ofMaxLength(40)).as(UserDecision::new);
        return decision.list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<Long> keyHashes() {
        return Arbitraries.longs().filter(hash -> hash != 0);
    }
}
