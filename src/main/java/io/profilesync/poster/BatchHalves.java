package io.profilesync.poster;

import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.LineRanges;

/**
 * Cuts a stored request body in two: the items array the destination declares ({@code /users}, {@code /rows}, or the
 * body itself) is halved, the first half gets {@code items / 2} of them, and everything outside that array
 * (Insider's {@code skip_hook}, Xtremepush's {@code columns}) is kept as it is in both. Numbers are read and
 * written exactly (as decimals, not doubles), so a half carries the same values as the whole.
 */
public final class BatchHalves {

    /**
     * The two halves of a body.
     *
     * @param first the first {@code firstItems} items' body
     * @param second the remaining {@code secondItems} items' body
     */
    public record Halves(byte[] first, int firstItems, byte[] second, int secondItems) {
    }

    private BatchHalves() {
    }

    /**
     * Halves {@code body} at the array {@code items} points to.
     *
     * @throws IllegalArgumentException when the body is not JSON, or holds no array of at least two items there
     */
    public static Halves halve(ObjectMapper json, byte[] body, JsonPointer items) {
        JsonNode root = read(json, body);
        JsonNode array = root == null ? null : root.at(items);
        if (array == null || !array.isArray() || array.size() < 2) {
            throw new IllegalArgumentException("the batch body holds no array of two items or more at '" + items + "'");
        }
        int size = array.size();
        int middle = size / 2;
        ArrayNode first = json.createArrayNode();
        ArrayNode second = json.createArrayNode();
        for (int index = 0; index < size; index++) {
            (index < middle ? first : second).add(array.get(index));
        }
        return new Halves(write(json, root, items, first), middle, write(json, root, items, second), size - middle);
    }

    /**
     * The body without the items {@code left} names (by index), everything else kept as it is.
     *
     * @throws IllegalArgumentException when the body is not JSON, or holds no array of {@code size} items there
     */
    public static byte[] without(ObjectMapper json, byte[] body, JsonPointer items, int size, BitSet left) {
        JsonNode root = read(json, body);
        JsonNode array = root == null ? null : root.at(items);
        if (array == null || !array.isArray() || array.size() != size) {
            throw new IllegalArgumentException("the batch body holds no array of " + size + " items at '" + items + "'");
        }
        ArrayNode kept = json.createArrayNode();
        for (int index = 0; index < size; index++) {
            if (!left.get(index)) {
                kept.add(array.get(index));
            }
        }
        return write(json, root, items, kept);
    }

    private static JsonNode read(ObjectMapper json, byte[] body) {
        try {
            return json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(JsonNodeFactory.withExactBigDecimals(true)).readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the batch body is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The source lines of the items {@code from} (inclusive) to {@code to} (exclusive), or no ranges when the
     * batch's are missing or hold fewer items (its failures then have no line, as the whole batch's would).
     */
    public static long[] lines(LineRanges ranges, int from, int to) {
        long[] lines = new long[to - from];
        for (int index = from; index < to; index++) {
            lines[index - from] = LineRanges.lineAt(ranges, index);
            if (lines[index - from] < 0) {
                return new long[0];
            }
        }
        return lines;
    }

    /** The body with {@code half} in place of its items array. */
    private static byte[] write(ObjectMapper json, JsonNode root, JsonPointer items, ArrayNode half) {
        JsonNode body = half;
        if (!items.matches()) {
            JsonNode parent = root.at(items.head());
            if (parent instanceof ObjectNode object) {
                object.set(items.last().getMatchingProperty(), half);
            } else if (parent instanceof ArrayNode array) {
                array.set(items.last().getMatchingIndex(), half);
            }
            body = root;
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines as ranges; no ranges when they are not known. */
    static LineRanges ranges(long[] lines) {
        return lines.length == 0 ? new LineRanges("") : LineRanges.of(lines);
    }

    static long first(long[] lines, long otherwise) {
        return lines.length == 0 ? otherwise : Arrays.stream(lines).min().getAsLong();
    }

    static long last(long[] lines, long otherwise) {
        return lines.length == 0 ? otherwise : Arrays.stream(lines).max().getAsLong();
    }
}
