package io.profilesync.batching;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The source lines of a batch's items, in item order, as compact ranges: usually one range per batch, with a
 * break wherever rows were rejected. Lets the poster name the line of each user a destination refuses.
 * <p>
 * They travel in the batch's SQS message, where every byte counts against SQS's 256 KiB, so they are one
 * string of comma-separated ranges, each {@code D} or {@code D+N}: {@code D} is the range's first line minus
 * the previous range's last line (for the first range, its first line; negative when items are not in line
 * order, as Evergage accounts may be), {@code N} how many more lines follow. Lines 2 to 5, 7 and 9 to 12 are
 * {@code "2+3,2,2+3"}: a batch of scattered lines costs a few bytes per item, not two full line numbers.
 *
 * @param encoded the ranges as described
 */
@RegisterForReflection
public record LineRanges(@JsonValue String encoded) {

    /** Receives one range; answers whether to go on. */
    @FunctionalInterface
    private interface RangeVisitor {
        boolean range(long first, long last);
    }

    public LineRanges {
        encoded = encoded == null ? "" : encoded;
    }

    /** The ranges of these lines, in this order. */
    public static LineRanges of(long[] lines) {
        StringBuilder encoded = new StringBuilder();
        long previous = 0;
        for (int i = 0; i < lines.length;) {
            int end = i;
            while (end + 1 < lines.length && lines[end + 1] == lines[end] + 1) {
                end++;
            }
            appendRange(encoded, lines[i] - previous, lines[end] - lines[i]);
            previous = lines[end];
            i = end + 1;
        }
        return new LineRanges(encoded.toString());
    }

    /**
     * Reads the message form, or the {@code [[first, last], ...]} arrays of messages queued before line ranges
     * were encoded, so that those are still delivered with their lines.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LineRanges fromJson(JsonNode json) {
        if (!json.isArray()) {
            return new LineRanges(json.asText());
        }
        StringBuilder encoded = new StringBuilder();
        long previous = 0;
        for (JsonNode range : json) {
            appendRange(encoded, range.path(0).asLong() - previous, range.path(1).asLong() - range.path(0).asLong());
            previous = range.path(1).asLong();
        }
        return new LineRanges(encoded.toString());
    }

    /** The line of the item at {@code index}, or -1 when the ranges hold fewer items (or there are none). */
    public static long lineAt(LineRanges ranges, int index) {
        if (ranges == null || index < 0) {
            return -1;
        }
        long[] found = {-1, index};
        ranges.decode((first, last) -> {
            if (found[1] <= last - first) {
                found[0] = first + found[1];
                return false;
            }
            found[1] -= last - first + 1;
            return true;
        });
        return found[0];
    }

    /** Visits every line, in item order. */
    public void forEachLine(java.util.function.LongConsumer visitor) {
        decode((first, last) -> {
            for (long line = first; line <= last; line++) {
                visitor.accept(line);
            }
            return true;
        });
    }

    private static void appendRange(StringBuilder encoded, long distance, long more) {
        if (!encoded.isEmpty()) {
            encoded.append(',');
        }
        encoded.append(distance);
        if (more > 0) {
            encoded.append('+').append(more);
        }
    }

    private void decode(RangeVisitor visitor) {
        long previous = 0;
        int length = encoded.length();
        for (int start = 0; start < length;) {
            int end = start;
            while (end < length && encoded.charAt(end) != ',') {
                end++;
            }
            int plus = start + 1;
            while (plus < end && encoded.charAt(plus) != '+') {
                plus++;
            }
            long first = previous + Long.parseLong(encoded, start, plus, 10);
            long last = first + (plus < end ? Long.parseLong(encoded, plus + 1, end, 10) : 0);
            if (!visitor.range(first, last)) {
                return;
            }
            previous = last;
            start = end + 1;
        }
    }
}
