package io.profilesync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LastOccurrencesTest {

    @Test
    void theLastOrdinalOfEachNameWinsAcrossGrowth() {
        LastOccurrences last = new LastOccurrences();
        for (long i = 0; i < 50_000; i++) {
            last.put("user-" + (i % 20_000), i);
        }

        assertEquals(20_000, last.size());
        assertEquals(49_999, last.last("user-9999"));
        assertEquals(40_000, last.last("user-0"));
        assertEquals(-1, last.last("nobody"));
    }
}
