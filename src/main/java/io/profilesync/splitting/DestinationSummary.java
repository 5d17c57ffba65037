package io.profilesync.splitting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one destination gets from a file. {@code rows == accepted + rejected + superseded} and
 * {@code accepted == new + changed + unchanged + resent + skipped} always; the users sent are
 * {@code new + changed + resent}. {@code removed} users are not in the file, so in none of these.
 *
 * @param rows rows read from the file
 * @param accepted users that passed the destination's rules, each its latest row in the file
 * @param rejected rows refused, each listed in the rejected-rows report
 * @param superseded rows not sent because a later row of the file is the same user's (superseded-rows report)
 * @param newUsers accepted users the destination was never sent by this sync
 * @param changed accepted users whose payload differs from what the destination took last
 * @param unchanged accepted users not sent: the destination took exactly this payload in an earlier run
 * @param resent unchanged users sent anyway, by a full resync
 * @param removed users the destination took before that a snapshot sync's file no longer holds (removed-users report)
 * @param skipped accepted users the sync's mode leaves out: known ones of an {@code insert} sync, unknown ones of an
 *        {@code update} sync
 * @param batches batches of every kind for the destination
 * @param streams items sent and batches per request kind ({@code users}, and e.g. {@code accounts})
 * @param samples a dry run's sample request bodies, per request kind
 * @param identifierChanged users sent (changed) whose identifier (an email, a phone number) differs from the one the
 *        destination took last while their key stayed: a subset of {@code changed}, each named in the identifier-changes
 *        report with what the destination does with it (docs/identifiers.md)
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DestinationSummary(long rows, long accepted, long rejected, long superseded, @JsonProperty("new") long newUsers,
        long changed, long unchanged, long resent, long removed, long skipped, int batches, Map<String, StreamSummary> streams,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, JsonNode> samples, long identifierChanged) {

    public DestinationSummary {
        streams = streams == null ? Map.of() : streams;
        samples = samples == null ? Map.of() : samples;
    }

    /** A summary where no identifier changed. */
    public DestinationSummary(long rows, long accepted, long rejected, long superseded, long newUsers, long changed,
            long unchanged, long resent, long removed, long skipped, int batches, Map<String, StreamSummary> streams,
            Map<String, JsonNode> samples) {
        this(rows, accepted, rejected, superseded, newUsers, changed, unchanged, resent, removed, skipped, batches, streams,
                samples, 0);
    }

    /**
     * One destination's summary of a file whose chunks were reduced in groups of partitions: the rows the chunks counted,
     * and what each group's partitions decided.
     *
     * @param groups the groups' summaries, in group order
     */
    public static DestinationSummary joined(LaneCounts counts, List<DestinationSummary> groups) {
        long superseded = groups.stream().mapToLong(DestinationSummary::superseded).sum();
        Map<String, StreamSummary> streams = new LinkedHashMap<>();
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        groups.forEach(group -> {
            group.streams().forEach((stream, summary) -> streams.merge(stream, summary, StreamSummary::plus));
            group.samples().forEach(samples::putIfAbsent);
        });
        return new DestinationSummary(counts.rows(), counts.mapped() - superseded, counts.rejected(), superseded,
                groups.stream().mapToLong(DestinationSummary::newUsers).sum(), groups.stream().mapToLong(DestinationSummary::changed).sum(),
                groups.stream().mapToLong(DestinationSummary::unchanged).sum(), groups.stream().mapToLong(DestinationSummary::resent).sum(),
                groups.stream().mapToLong(DestinationSummary::removed).sum(), groups.stream().mapToLong(DestinationSummary::skipped).sum(),
                groups.stream().mapToInt(DestinationSummary::batches).sum(), streams, samples,
                groups.stream().mapToLong(DestinationSummary::identifierChanged).sum());
    }

    /** Users sent without comparing them with any state (a replay): every one not rejected counts as new. */
    public static DestinationSummary withoutChangeDetection(long users, long rejected, int batches, Map<String, StreamSummary> streams) {
        return new DestinationSummary(users, users - rejected, rejected, 0, users - rejected, 0, 0, 0, 0, 0, batches, streams, Map.of());
    }
}
