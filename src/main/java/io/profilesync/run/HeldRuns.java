package io.profilesync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.queue.QueueSender;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.ObjectStore.Versioned;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Held runs in S3 (docs/sync.md, "Guards"): a held run's manifest says {@code held} and a marker,
 * {@code <state-prefix><sync>/held/<run_id>}, lets the sync's next run find it. Releasing a run queues its kept
 * messages and marks it {@code released}; a newer run of the sync marks it {@code superseded}, and its messages are
 * never queued. The manifest decides between the two: each is a conditional write on the manifest as it was read,
 * so a release and a newer run at the same moment cannot both win. Manifests are changed as JSON, keeping every field.
 * No CDI: the local tool releases runs of a deployed bucket with it too.
 */
public final class HeldRuns {

    private static final int ATTEMPTS = 5;

    private final ObjectStore store;
    private final ObjectMapper json;
    private final String outputPrefix;
    private final String statePrefix;

    public HeldRuns(ObjectStore store, ObjectMapper json, String outputPrefix, String statePrefix) {
        this.store = store;
        this.json = json;
        this.outputPrefix = outputPrefix;
        this.statePrefix = statePrefix;
    }

    /**
     * What a release did.
     *
     * @param released whether the run's messages were queued
     * @param queued how many batch messages were queued
     * @param message what happened, in words (why not, when refused)
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Release(String runId, boolean released, int queued, String message) {
    }

    /** The marker that lets the sync's next run find a held run. */
    public String marker(String sync, String runId) {
        return markers(sync) + runId;
    }

    private String markers(String sync) {
        return statePrefix + sync + "/held/";
    }

    /**
     * Releases a held run: marks it {@code released}, then queues every message it kept. A run already released is
     * queued again (a release that stopped half way is repeated; the poster never posts a batch twice); any other run
     * is refused, saying why.
     */
    public Release release(String bucket, String runId, QueueSender queue, Function<DeferredMessage, String> route) {
        RunKeys keys = new RunKeys(outputPrefix, runId);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Versioned> current = store.readVersioned(bucket, keys.manifest());
            if (current.isEmpty()) {
                return new Release(runId, false, 0, "no run " + runId + " in s3://" + bucket + "/" + outputPrefix);
            }
            ObjectNode manifest = parse(current.get().bytes());
            String status = manifest.path("status").asText();
            if (RunManifest.SUPERSEDED.equals(status)) {
                return new Release(runId, false, 0, "run " + runId + " cannot be released: it was superseded by run "
                        + manifest.at("/hold/superseded_by").asText() + ", a newer run of sync " + manifest.path("sync").asText()
                        + ", so its batches are never queued");
            }
            if (!RunManifest.HELD.equals(status) && !RunManifest.RELEASED.equals(status)) {
                return new Release(runId, false, 0, "run " + runId + " is not held (its status is " + status
                        + "): there is nothing to release");
            }
            if (RunManifest.HELD.equals(status)) {
                manifest.put("status", RunManifest.RELEASED);
                ((ObjectNode) manifest.path("hold")).put("released_at", Instant.now().toString());
                if (!store.putJsonIfMatch(bucket, keys.manifest(), manifest, current.get().etag())) {
                    continue;
                }
            }
            int queued = queue(bucket, keys, queue, route);
            return new Release(runId, true, queued, "run " + runId + " released: " + queued + " batch messages queued");
        }
        throw new IllegalStateException("the manifest of run " + runId + " kept changing while it was being released");
    }

    /**
     * Queues every message a run kept; answers how many.
     *
     * @param route the queue of a message: the one it was kept with, or its destination's as configured now
     */
    public int queue(String bucket, RunKeys keys, QueueSender queue, Function<DeferredMessage, String> route) {
        List<DeferredMessage> messages = DeferredMessage.readAll(store, json, bucket, keys);
        messages.forEach(deferred -> queue.send(route.apply(deferred), deferred.message()));
        queue.flush();
        return messages.size();
    }

    /**
     * Marks every run of the sync still held {@code superseded} by {@code newer}, and drops the markers of the runs
     * that are held no more; answers the runs it superseded.
     */
    public List<String> supersede(String bucket, String sync, String newer) {
        List<String> superseded = new ArrayList<>();
        String prefix = markers(sync);
        for (String key : store.list(bucket, prefix)) {
            String runId = key.substring(prefix.length());
            // a nested sync's state (sync "crm/held" under sync "crm") is no marker
            if (runId.contains("/") || runId.equals(newer)) {
                continue;
            }
            if (supersede(bucket, new RunKeys(outputPrefix, runId), newer)) {
                superseded.add(runId);
            }
            store.delete(bucket, key);
        }
        return superseded;
    }

    private boolean supersede(String bucket, RunKeys keys, String newer) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Versioned> current = store.readVersioned(bucket, keys.manifest());
            if (current.isEmpty()) {
                return false;
            }
            ObjectNode manifest = parse(current.get().bytes());
            if (!RunManifest.HELD.equals(manifest.path("status").asText())) {
                return false;
            }
            manifest.put("status", RunManifest.SUPERSEDED);
            ((ObjectNode) manifest.path("hold")).put("superseded_by", newer);
            if (store.putJsonIfMatch(bucket, keys.manifest(), manifest, current.get().etag())) {
                return true;
            }
        }
        throw new IllegalStateException("the manifest of run " + keys.runId() + " kept changing while it was being superseded");
    }

    private ObjectNode parse(byte[] bytes) {
        try {
            return (ObjectNode) json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable manifest", e);
        }
    }
}
