package io.profilesync.splitting;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Items and batches of one request kind (e.g. Evergage {@code accounts}).
 *
 * @param numbers the batches' numbers when they are not 1 to {@code batches}: a chunked file's reduce groups each
 *        number their batches in a range of their own (see {@link PartitionGroup})
 */
@RegisterForReflection
public record StreamSummary(long items, int batches, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BatchRange> numbers) {

    public StreamSummary {
        numbers = numbers == null ? List.of() : List.copyOf(numbers);
    }

    public StreamSummary(long items, int batches) {
        this(items, batches, List.of());
    }

    /** The batches' numbers, as ranges. */
    public List<BatchRange> ranges() {
        return !numbers.isEmpty() || batches == 0 ? numbers : List.of(new BatchRange(1, batches));
    }

    StreamSummary plus(StreamSummary other) {
        List<BatchRange> ranges = new ArrayList<>(ranges());
        ranges.addAll(other.ranges());
        return new StreamSummary(items + other.items, batches + other.batches, ranges);
    }

    /** Batches numbered {@code first} to {@code last}, both included. */
    @RegisterForReflection
    public record BatchRange(int first, int last) {
    }
}
