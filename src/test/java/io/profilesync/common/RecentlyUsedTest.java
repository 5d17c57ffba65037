package io.profilesync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecentlyUsedTest {

    private final List<String> lookedUp = new ArrayList<>();
    private final RecentlyUsed<String, Integer> lengths = new RecentlyUsed<>(2, key -> {
        lookedUp.add(key);
        return key.length();
    });

    @Test
    void theLastFewKeysAreNotLookedUpAgainAndAnOlderOneIs() {
        String a = "a";
        String bb = "bb";
        String ccc = "ccc";

        assertEquals(List.of(1, 2, 1, 2, 3, 1), List.of(lengths.get(a), lengths.get(bb), lengths.get(a), lengths.get(bb),
                lengths.get(ccc), lengths.get(a)));
        assertEquals(List.of("a", "bb", "ccc", "a"), lookedUp, "a was the oldest of two when ccc came");
    }

    @Test
    void anEqualKeyOfAnotherInstanceIsLookedUpAgain() {
        String one = "key";
        String other = new String("key");

        lengths.get(one);
        lengths.get(other);

        assertEquals(2, lookedUp.size());
    }
}
