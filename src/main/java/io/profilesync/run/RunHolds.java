package io.profilesync.run;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.QueueSender;
import io.profilesync.storage.ObjectStore;
import io.profilesync.destination.DestinationRegistry;

/**
 * A guarded run's end of split (docs/sync.md, "Guards"): within its guards, the messages it kept are queued; across one,
 * it is held: its manifest says {@code held}, its report is written and a {@code Run Held} event names the guard and
 * its figures. Later it is released ({@link #release}), or superseded by the sync's next run ({@link #supersede}).
 */
@ApplicationScoped
public class RunHolds {

    private static final Logger LOG = Logger.getLogger(RunHolds.class);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final RunReport report;
    private final RunEvents events;
    private final RunCompletion completion;
    private final Instance<QueueSender> queueSenders;
    private final HeldRuns held;
    private final DestinationRegistry destinations;

    public RunHolds(ObjectStore store, ObjectMapper json, ProfileSyncConfig config, RunReport report, RunEvents events,
            RunCompletion completion, Instance<QueueSender> queueSenders, DestinationRegistry destinations) {
        this.store = store;
        this.json = json;
        this.report = report;
        this.events = events;
        this.completion = completion;
        this.queueSenders = queueSenders;
        this.destinations = destinations;
        this.held = new HeldRuns(store, json, config.outputPrefix(), config.sync().statePrefix());
    }

    /** Queues the messages a run within its guards kept. */
    public void queueKept(String bucket, RunKeys keys) {
        int queued = held.queue(bucket, keys, queueSenders.get(), DeferredMessage::queueUrl);
        LOG.infof("run %s is within its guards: %d batch messages queued", keys.runId(), queued);
    }

    /**
     * Holds a run that crossed a guard ({@code manifest} says which): its marker and manifest say so, and nothing it kept
     * is queued. {@link #announceHeld} then tells of it.
     */
    public void hold(String bucket, RunKeys keys, RunManifest manifest) {
        store.put(bucket, held.marker(manifest.sync(), keys.runId()), new byte[0], ObjectStore.OCTET_STREAM);
        store.putJson(bucket, keys.manifest(), manifest);
    }

    /** Tells of a held run: its report, a {@code Run Held} event naming the guard and its figures, a warning. */
    public void announceHeld(String bucket, RunKeys keys, RunManifest manifest) {
        ObjectNode written = report.report(bucket, keys.runId());
        ObjectNode detail = completion.detail(written, keys);
        detail.set("guard", json.valueToTree(manifest.hold().guard()));
        detail.put("message", manifest.hold().guard().message());
        events.publish(RunEvents.HELD, detail);
        LOG.warnf("run %s is held, nothing is queued: %s; release it, or drop a corrected file for sync %s",
                keys.runId(), manifest.hold().guard().message(), manifest.sync());
    }

    /**
     * Releases a held run: its messages are queued, on each destination's queue as configured now, and a run with nothing
     * to deliver completes now.
     */
    public HeldRuns.Release release(String bucket, String runId) {
        HeldRuns.Release release = held.release(bucket, runId, queueSenders.get(),
                deferred -> destinations.queueUrl(deferred.message().destination()));
        if (release.released()) {
            if (!completion.completeIfOver(bucket, runId)) {
                report.report(bucket, runId);
            }
            LOG.infof("%s", release.message());
        } else {
            LOG.warnf("%s", release.message());
        }
        return release;
    }

    /** A newer run of the sync supersedes the runs still held: their batches are never queued. Answers them. */
    public List<String> supersede(String bucket, String sync, String newer) {
        List<String> superseded = held.supersede(bucket, sync, newer);
        superseded.forEach(runId -> {
            report.report(bucket, runId);
            LOG.infof("held run %s of sync %s is superseded by run %s: its batches are never queued", runId, sync, newer);
        });
        return superseded;
    }
}
