package io.profilesync.batching;

import java.util.ArrayList;
import java.util.List;

/**
 * The source lines of a batch's items, in item order, as compact {@code [first, last]} ranges: usually one
 * range per batch, with a break wherever rows were rejected. Lets the poster name the line of each user a
 * vendor refuses.
 */
public final class LineRanges {

    private LineRanges() {
    }

    public static List<long[]> of(long[] lines) {
        List<long[]> ranges = new ArrayList<>();
        for (long line : lines) {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && line == last[1] + 1) {
                last[1] = line;
            } else {
                ranges.add(new long[] {line, line});
            }
        }
        return ranges;
    }

    /** The line of the item at {@code index}, or -1 when the ranges hold fewer items. */
    public static long lineAt(List<long[]> ranges, int index) {
        long remaining = index;
        for (long[] range : ranges) {
            long size = range[1] - range[0] + 1;
            if (remaining < size) {
                return range[0] + remaining;
            }
            remaining -= size;
        }
        return -1;
    }
}
