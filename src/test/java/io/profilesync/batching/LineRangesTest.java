package io.profilesync.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class LineRangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rangesAreDistancesFromThePreviousRangeAndEveryLineIsFoundAgain() {
        long[] lines = {2, 3, 4, 5, 7, 9, 10, 11, 12, 1_000_000, 40};

        LineRanges ranges = LineRanges.of(lines);

        assertEquals("2+3,2,2+3,999988,-999960", ranges.encoded());
        for (int i = 0; i < lines.length; i++) {
            assertEquals(lines[i], LineRanges.lineAt(ranges, i));
        }
        assertEquals(-1, LineRanges.lineAt(ranges, lines.length));
    }

    @Test
    void inAMessageTheyAreOneStringAndTheArraysOfEarlierMessagesStillRead() throws Exception {
        LineRanges ranges = LineRanges.of(new long[] {10, 11, 20});

        assertEquals("\"10+1,9\"", JSON.writeValueAsString(ranges));
        assertEquals(ranges, JSON.readValue("\"10+1,9\"", LineRanges.class));
        assertEquals(ranges, JSON.readValue("[[10,11],[20,20]]", LineRanges.class));
    }
}
