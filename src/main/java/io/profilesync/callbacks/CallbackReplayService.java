package io.profilesync.callbacks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.BatchCutter;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.Mask;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.QueueSender;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.S3BatchSink;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.Rejection;
import io.profilesync.splitting.StateHashes;
import io.profilesync.splitting.StreamSummary;
import io.profilesync.splitting.DestinationSummary;
import io.profilesync.storage.ObjectStore;
import io.profilesync.sync.StateKeyStore;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationRegistry;
import io.profilesync.destination.insider.InsiderDestination;

/**
 * Sends stored callbacks to Insider again, once their data is fixed (edit the {@code payload} of the stored
 * callback objects, then replay their prefix). Only users of batches that runs sent are replayed, each mapped
 * again by Insider's mapper; the others are listed in the replay run's rejected-rows report. The users are cut
 * into ordinary Insider batches and queued as a run of their own, so delivery, outcomes and reports work as for
 * any file.
 */
@ApplicationScoped
public class CallbackReplayService {

    private static final Logger LOG = Logger.getLogger(CallbackReplayService.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final CallbackSettings settings;
    private final ProfileSyncConfig config;
    private final DestinationRegistry destinations;
    private final Instance<QueueSender> queueSenders;
    private final StateKeyStore stateKeys;

    public CallbackReplayService(ObjectStore store, ObjectMapper json, CallbackSettings settings, ProfileSyncConfig config,
            DestinationRegistry destinations, Instance<QueueSender> queueSenders, StateKeyStore stateKeys) {
        this.store = store;
        this.json = json;
        this.settings = settings;
        this.config = config;
        this.destinations = destinations;
        this.queueSenders = queueSenders;
        this.stateKeys = stateKeys;
    }

    public ReplayResult replay(ReplayRequest request) {
        String bucket = bucket();
        String prefix = prefix(request);
        if (!prefix.startsWith(settings.prefix())) {
            throw new IllegalArgumentException("only callbacks under " + settings.prefix() + " can be replayed, not " + prefix);
        }
        Instant started = Instant.now();
        // the time says when; the random part keeps two replays of one second (a script replaying day after day) apart
        RunKeys keys = new RunKeys(config.outputPrefix(), String.format("replay-%s-%06x", RUN_TIME.format(started),
                ThreadLocalRandom.current().nextInt(1 << 24)));
        String source = "s3://" + bucket + "/" + prefix;
        List<String> callbacks = callbackKeys(bucket, prefix);
        Map<String, Optional<Set<String>>> sentUsers = new HashMap<>();
        RunPlaces places = new RunPlaces(store, bucket, config.outputPrefix(), config.sync().statePrefix());
        // every place first: a state key that cannot be read fails the replay before anything is queued
        boolean ordered = false;
        for (String key : callbacks) {
            JsonNode callback = read(bucket, key);
            ordered |= sentBatch(callback, sentUsers).flatMap(batch -> places.of(runId(callback), batch(callback)))
                    .map(RunPlaces.Place::ordered).orElse(false);
        }
        Lanes lanes = new Lanes(bucket, keys, source, ordered ? stateKeys.get() : StateHashes.UNKEYED);
        ByteArrayOutputStream refusals = new ByteArrayOutputStream();
        long users = 0;
        long refused = 0;
        for (String key : callbacks) {
            JsonNode callback = read(bucket, key);
            Optional<Set<String>> sent = sentBatch(callback, sentUsers).flatMap(sentUsers::get);
            Optional<RunPlaces.Place> place = sent.isPresent() ? places.of(runId(callback), batch(callback)) : Optional.empty();
            for (JsonNode user : users(callback.path("payload"))) {
                List<Rejection> rejections = check(++users, key, callback, user, sent, place, lanes);
                rejections.forEach(rejection -> {
                    LOG.warnf("not replayed: %s", rejection);
                    write(refusals, rejection);
                });
                refused += rejections.isEmpty() ? 0 : 1;
            }
        }
        int batches = lanes.flush();
        places.record(keys, lanes.places);
        store.put(bucket, keys.rejectedRows(), refusals.toByteArray(), ObjectStore.JSON_LINES);
        DestinationSummary insider = DestinationSummary.withoutChangeDetection(users, refused, batches,
                Map.of(OutboundItem.USERS, new StreamSummary(users - refused, batches)));
        RunManifest manifest = new RunManifest(keys.runId(), RunManifest.SUCCEEDED,
                new SourceObject(bucket, prefix, null, null, null, null), "replay of Insider error callbacks", users,
                List.of(), Map.of(InsiderDestination.NAME, insider), keys.rejectedRows(), keys.root() + "batches/",
                started.toString(), Instant.now().toString(), null, true, false, null, 1, null);
        store.putJson(bucket, keys.manifest(), manifest);
        LOG.infof("replaying %d callbacks from %s: %d users, %d refused (%s), %d in %d Insider batches, run %s",
                callbacks.size(), source, users, refused, keys.rejectedRows(), users - refused, batches, keys.runId());
        return new ReplayResult(keys.runId(), bucket, callbacks.size(), users, refused, batches);
    }

    /** The key of the batch a callback names, once it is known to be one a run sent (its users read, by key). */
    private Optional<String> sentBatch(JsonNode callback, Map<String, Optional<Set<String>>> sentUsers) {
        return SentBatches.key(config.outputPrefix(), runId(callback), batch(callback))
                .filter(batch -> sentUsers.computeIfAbsent(batch, this::usersOf).isPresent());
    }

    /**
     * The replay's batches, one cutter per place of the runs its users came from (a batch carries one run's place), all
     * numbered in one sequence of the replay run.
     */
    private final class Lanes {
        private final BatchCutter.Counter numbers = new BatchCutter.Counter();
        private final Map<RunPlaces.Place, BatchCutter> cutters = new LinkedHashMap<>();
        private final List<S3BatchSink> sinks = new ArrayList<>();
        /** Each batch's place, by number. */
        private final Map<Integer, RunPlaces.Place> places = new TreeMap<>();
        private final String bucket;
        private final RunKeys keys;
        private final String source;
        private final StateHashes hashes;

        Lanes(String bucket, RunKeys keys, String source, StateHashes hashes) {
            this.bucket = bucket;
            this.keys = keys;
            this.source = source;
            this.hashes = hashes;
        }

        BatchCutter cutter(RunPlaces.Place place) {
            return cutters.computeIfAbsent(place, any -> {
                S3BatchSink sink = new S3BatchSink(store, json, queueSenders.get(), destinations, bucket, keys, source,
                        place.sync(), place.order(), config.uploadConcurrency(), Optional.empty());
                sinks.add(sink);
                return new BatchCutter(OutboundItem.USERS, InsiderDestination.requestFormat(), numbers, batch -> {
                    places.put(batch.number(), place);
                    sink.write(InsiderDestination.NAME, batch);
                });
            });
        }

        /** Adds a user; one of an ordered run carries its key hash as the sync's state keys it, as the splitter's do. */
        void add(RunPlaces.Place place, OutboundItem item) {
            cutter(place).add(item, place.ordered() ? hashes.key(StateHashes.unkeyed(OutboundItem.USERS, item.key())) : 0);
        }

        /** Sends what is pending; answers the batches cut. */
        int flush() {
            cutters.values().forEach(BatchCutter::flush);
            sinks.forEach(S3BatchSink::flush);
            return cutters.values().stream().mapToInt(BatchCutter::batches).sum();
        }
    }

    /**
     * Queues one user of a callback, or says why not: it must be revalidated by Insider's mapper (an edit must
     * meet the rules a file's row meets), be a user the batch its callback names carried (by the key Insider
     * knows it by), so that a planted callback cannot reach Insider, and come from a run whose place in its sync is
     * still known.
     */
    private static List<Rejection> check(long line, String key, JsonNode callback, JsonNode user, Optional<Set<String>> sent,
            Optional<RunPlaces.Place> place, Lanes lanes) {
        if (sent.isEmpty()) {
            return List.of(new Rejection(line, InsiderDestination.NAME, "batch", "sent(batch)", key + " names no batch a run sent (run '"
                    + Mask.secret(callback.path("run_id").asText(null)) + "', batch " + batch(callback) + ")"));
        }
        MappedRow mapped = InsiderDestination.revalidate(line, user);
        if (!mapped.isAccepted()) {
            return mapped.violations().stream()
                    .map(violation -> new Rejection(line, InsiderDestination.NAME, violation.field(), violation.rule(), key + ": " + violation.message()))
                    .toList();
        }
        OutboundItem item = mapped.items().get(0);
        if (!sent.get().contains(item.key())) {
            return List.of(new Rejection(line, InsiderDestination.NAME, "identifiers", "sent(user)", key
                    + ": the user is not one batch " + batch(callback) + " of run " + callback.path("run_id").asText() + " carried"));
        }
        if (place.isEmpty()) {
            return List.of(new Rejection(line, InsiderDestination.NAME, "run", "order(run)", key + ": run "
                    + callback.path("run_id").asText() + " has no manifest, or its sync no longer remembers it (older than "
                    + "profile-sync.sync.run-retention): a newer file may hold this user, and a replay never overwrites a newer "
                    + "value; send a file instead"));
        }
        if (!lanes.cutter(place.get()).fits(item)) {
            return List.of(new Rejection(line, InsiderDestination.NAME, "*", "max-bytes", key + ": the user is larger than an Insider request"));
        }
        lanes.add(place.get(), item);
        return List.of();
    }

    /** The keys of the users a stored batch carried, or empty when the run no longer holds it. */
    private Optional<Set<String>> usersOf(String batch) {
        return store.read(bucket(), batch).map(bytes -> {
            Set<String> keys = new HashSet<>();
            long line = 0;
            for (JsonNode user : users(parse(batch, bytes))) {
                InsiderDestination.revalidate(++line, user).items().forEach(item -> keys.add(item.key()));
            }
            return keys;
        });
    }

    private void write(ByteArrayOutputStream lines, Rejection rejection) {
        try {
            lines.write(json.writeValueAsBytes(rejection));
            lines.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lists the stored callbacks under a prefix, and stores the listing as {@code <prefix>report.json}. */
    public CallbackListing list(ReplayRequest request) {
        String bucket = bucket();
        String prefix = prefix(request);
        List<CallbackListing.Entry> entries = new java.util.ArrayList<>();
        for (String key : callbackKeys(bucket, prefix)) {
            JsonNode callback = read(bucket, key);
            int users = 0;
            for (JsonNode ignored : users(callback.path("payload"))) {
                users++;
            }
            entries.add(new CallbackListing.Entry(key, callback.path("received_at").asText(null),
                    callback.path("run_id").asText(null), batch(callback),
                    callback.path("source_ip").asText(null), callback.path("sent_batch").asText(null), users));
        }
        CallbackListing listing = new CallbackListing(prefix, entries.size(), entries);
        store.putJson(bucket, prefix + "report.json", listing);
        return listing;
    }

    private static String runId(JsonNode callback) {
        return callback.path("run_id").asText(null);
    }

    private static Integer batch(JsonNode callback) {
        return callback.hasNonNull("batch") ? callback.get("batch").asInt() : null;
    }

    private String bucket() {
        return settings.bucket().orElseThrow(() -> new IllegalStateException("set profile-sync.callbacks.bucket"));
    }

    private String prefix(ReplayRequest request) {
        return request.prefix() == null || request.prefix().isBlank() ? settings.prefix() : request.prefix();
    }

    private List<String> callbackKeys(String bucket, String prefix) {
        return store.list(bucket, prefix).stream().filter(key -> key.endsWith(".json") && !key.endsWith("report.json")).toList();
    }

    /** A callback holds either a whole request ({@code users}) or one user. */
    private static Iterable<JsonNode> users(JsonNode payload) {
        return payload.has("users") ? payload.get("users") : List.of(payload);
    }

    private JsonNode read(String bucket, String key) {
        return parse(key, store.read(bucket, key).orElseThrow());
    }

    private JsonNode parse(String key, byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + bucket() + "/" + key + " is not JSON", e);
        }
    }
}
