package io.profilesync.story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.Batch;
import io.profilesync.batching.OutboundItem;
import io.profilesync.run.RunKeys;
import io.profilesync.splitting.UserDecision;
import io.profilesync.splitting.DestinationState;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.S3DestinationState;
import io.profilesync.sync.StateHash;
import io.profilesync.sync.StateKeyException;
import io.profilesync.sync.StateKeys;
import io.profilesync.sync.StateManifest;
import io.profilesync.sync.UserIndex;

/**
 * One user's story at one destination of one sync (docs/tracing-one-user.md): every run that decided anything for
 * the user, newest first, read from the per-user index the splitter writes as runs happen ({@link UserIndex}): one
 * LIST of the user's partition, then per run two ranged GETs, and for each line sent its batch's outcome and body.
 * Nothing else of a run is read, whatever its size.
 */
public final class UserStory {

    private final ObjectStore store;
    private final ObjectMapper json;
    private final String bucket;
    private final String statePrefix;
    private final String outputPrefix;
    private final Supplier<StateHash> hashes;

    /** @param hashes the deployment's state hashes (its state key), asked only when a user is looked up by key */
    public UserStory(ObjectStore store, ObjectMapper json, String bucket, String statePrefix, String outputPrefix,
            Supplier<StateHash> hashes) {
        this.hashes = hashes;
        this.store = store;
        this.json = json;
        this.bucket = bucket;
        this.statePrefix = statePrefix;
        this.outputPrefix = outputPrefix;
    }

    /**
     * The story of the user whose key is {@code userKey} (as the destination's requests carry it, docs/tracing-one-user.md),
     * looked up by the key hash the state keeps for it.
     *
     * @throws StateKeyException when the sync's state was written with another state key (the user would not be found)
     */
    public Story of(String destination, String sync, String userKey) {
        StateHash hash = hashes.get();
        StateKeys keys = new StateKeys(statePrefix, sync, destination);
        String hashing = store.readJson(bucket, keys.manifest(), StateManifest.class).map(StateManifest::hashing).orElse(null);
        if (hashing != null && !hashing.equals(hash.id())) {
            throw new StateKeyException("state s3://" + bucket + "/" + keys.manifest() + " was written with another state key ("
                    + hashing + "; the one given is " + hash.id() + "): give the deployment's (docs/tracing-one-user.md)");
        }
        return of(destination, sync, hash.userKeyHash(OutboundItem.USERS, userKey));
    }

    /**
     * The key hash of the user a run decided about at one line of its file (what the run report names: a rejected or
     * failed line): reads that run's index objects of the destination, one per partition, and nothing of other runs.
     */
    public OptionalLong keyHashAt(String destination, String sync, String runId, long line) {
        StateKeys keys = new StateKeys(statePrefix, sync, destination);
        for (int partition = 0; partition < DestinationState.PARTITIONS; partition++) {
            OptionalLong found = store.read(bucket, keys.story(partition, runId)).map(object -> UserIndex.keyHashAt(object, line))
                    .orElse(OptionalLong.empty());
            if (found.isPresent()) {
                return found;
            }
        }
        return OptionalLong.empty();
    }

    /** The story of the user whose key hashes to {@code keyHash}. */
    public Story of(String destination, String sync, long keyHash) {
        StateKeys keys = new StateKeys(statePrefix, sync, destination);
        List<Chapter> chapters = new ArrayList<>();
        for (String index : store.list(bucket, keys.storyPrefix(DestinationState.partition(keyHash)))) {
            List<UserDecision> decisions = UserIndex.read(store, bucket, index, keyHash);
            if (decisions.isEmpty()) {
                continue;
            }
            RunKeys run = new RunKeys(outputPrefix, index.substring(index.lastIndexOf('/') + 1, index.length() - ".bin".length()));
            JsonNode manifest = readJson(run.manifest()).orElse(json.createObjectNode());
            List<Line> lines = decisions.stream().sorted(Comparator.comparingLong(UserDecision::line))
                    .map(decision -> line(run, destination, decision)).toList();
            chapters.add(new Chapter(run.runId(), manifest.path("started_at").asText(""),
                    manifest.at("/source/key").asText(""), lines));
        }
        chapters.sort(Comparator.comparing(Chapter::startedAt).thenComparing(Chapter::runId).reversed());
        OptionalLong held = S3DestinationState.held(store, json, bucket, keys, keyHash);
        return new Story(destination, sync, keyHash, chapters, held);
    }

    private Line line(RunKeys run, String destination, UserDecision decision) {
        if (decision.batch() == 0) {
            return new Line(decision, Optional.empty(), Optional.empty(), Optional.empty());
        }
        String batch = Batch.name(destination, decision.stream(), decision.batch());
        Optional<JsonNode> payload = readJson(run.root() + "batches/" + batch + ".json")
                .flatMap(body -> BatchItems.item(body, decision.position()));
        return new Line(decision, Optional.of(batch), payload, answer(run, destination, decision, null));
    }

    /** What the destination answered for the user's line: its batch's outcome, or the part of a split batch that held it. */
    private Optional<Answer> answer(RunKeys run, String destination, UserDecision decision, String part) {
        Optional<JsonNode> outcome = readJson(run.outcome(destination, decision.stream(), decision.batch(), part));
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        JsonNode found = outcome.get();
        long line = decision.line();
        if (holds(found.path("stale_lines"), line)) {
            return Optional.of(new Answer("stale", found.path("http_status").asInt(),
                    "a newer run holds the user: " + found.path("stale_because").asText(), part));
        }
        if ("split".equals(found.path("status").asText())) {
            for (String half : List.of("1", "2")) {
                String next = part == null ? half : part + "." + half;
                Optional<Answer> answer = readJson(run.outcome(destination, decision.stream(), decision.batch(), next))
                        .filter(partOutcome -> holds(partOutcome.path("line_ranges"), line)
                                || holds(partOutcome.path("stale_lines"), line))
                        .flatMap(partOutcome -> answer(run, destination, decision, next));
                if (answer.isPresent()) {
                    return answer;
                }
            }
            return Optional.of(new Answer("split", found.path("http_status").asInt(), found.path("reason").asText(), part));
        }
        for (JsonNode failure : found.path("failures")) {
            if (failure.path("line").asLong() == line) {
                return Optional.of(new Answer("failed", found.path("http_status").asInt(), failure.path("reason").asText(),
                        part));
            }
        }
        String status = found.path("status").asText();
        return Optional.of(new Answer("partial".equals(status) ? "delivered" : status, found.path("http_status").asInt(),
                found.path("reason").asText(""), part));
    }

    private static boolean holds(JsonNode ranges, long line) {
        if (!ranges.isTextual() || ranges.asText().isEmpty()) {
            return false;
        }
        boolean[] found = {false};
        new io.profilesync.batching.LineRanges(ranges.asText()).forEachLine(each -> found[0] |= each == line);
        return found[0];
    }

    private Optional<JsonNode> readJson(String key) {
        return store.readJson(bucket, key, JsonNode.class);
    }

    /**
     * @param keyHash the key hash the user was looked up by
     * @param chapters the runs that decided anything for the user, newest first
     * @param held the fingerprint the state holds for the user now (empty: none, or not folded yet)
     */
    public record Story(String destination, String sync, long keyHash, List<Chapter> chapters, OptionalLong held) {
    }

    /** One run's decisions for the user. */
    public record Chapter(String runId, String startedAt, String source, List<Line> lines) {
    }

    /** One line's decision, with, when it was sent, its batch, the payload and the destination's answer. */
    public record Line(UserDecision decision, Optional<String> batch, Optional<JsonNode> payload, Optional<Answer> answer) {
    }

    /**
     * @param outcome delivered, failed, unconfirmed, stale, pending, held, split
     * @param httpStatus the destination's HTTP status (0: none)
     * @param reason the destination's reason, masked by the poster
     * @param part the part of a split batch that held the user
     */
    public record Answer(String outcome, int httpStatus, String reason, String part) {
    }
}
