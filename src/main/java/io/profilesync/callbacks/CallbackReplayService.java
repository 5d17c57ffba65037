package io.profilesync.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.BatchCutter;
import io.profilesync.batching.OutboundItem;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.QueueSender;
import io.profilesync.run.RunKeys;
import io.profilesync.run.RunManifest;
import io.profilesync.run.S3BatchSink;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.StreamSummary;
import io.profilesync.splitting.VendorSummary;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.VendorRegistry;
import io.profilesync.vendor.insider.InsiderVendor;

/**
 * Sends stored callbacks to Insider again, once their data is fixed (edit the {@code payload} of the stored
 * callback objects, then replay their prefix). The users are cut into ordinary Insider batches and queued as a
 * run of their own, so delivery, outcomes and reports work as for any file.
 */
@ApplicationScoped
public class CallbackReplayService {

    private static final Logger LOG = Logger.getLogger(CallbackReplayService.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final CallbackSettings settings;
    private final ProfileSyncConfig config;
    private final VendorRegistry vendors;
    private final Instance<QueueSender> queueSenders;

    public CallbackReplayService(ObjectStore store, ObjectMapper json, CallbackSettings settings, ProfileSyncConfig config,
            VendorRegistry vendors, Instance<QueueSender> queueSenders) {
        this.store = store;
        this.json = json;
        this.settings = settings;
        this.config = config;
        this.vendors = vendors;
        this.queueSenders = queueSenders;
    }

    public ReplayResult replay(ReplayRequest request) {
        String bucket = bucket();
        String prefix = prefix(request);
        if (!prefix.startsWith(settings.prefix())) {
            throw new IllegalArgumentException("only callbacks under " + settings.prefix() + " can be replayed, not " + prefix);
        }
        Instant started = Instant.now();
        RunKeys keys = new RunKeys(config.outputPrefix(), "replay-" + RUN_TIME.format(started));
        String source = "s3://" + bucket + "/" + prefix;
        S3BatchSink sink = new S3BatchSink(store, json, queueSenders.get(), vendors, bucket, keys, source, null, null,
                config.uploadConcurrency(), Optional.empty());
        BatchCutter cutter = new BatchCutter(OutboundItem.USERS, InsiderVendor.requestFormat(), batch -> sink.write(InsiderVendor.NAME, batch));
        List<String> callbacks = callbackKeys(bucket, prefix);
        long users = 0;
        for (String key : callbacks) {
            for (JsonNode user : users(read(bucket, key).path("payload"))) {
                OutboundItem item = OutboundItem.of(OutboundItem.USERS, ++users, user);
                if (cutter.fits(item)) {
                    cutter.add(item);
                } else {
                    LOG.warnf("a user in %s is larger than an Insider request and is not replayed", key);
                }
            }
        }
        cutter.flush();
        sink.flush();
        VendorSummary insider = VendorSummary.withoutChangeDetection(users, cutter.batches(),
                Map.of(OutboundItem.USERS, new StreamSummary(users, cutter.batches())));
        RunManifest manifest = new RunManifest(keys.runId(), RunManifest.SUCCEEDED,
                new SourceObject(bucket, prefix, null, null, null, null), "replay of Insider error callbacks", users,
                List.of(), Map.of(InsiderVendor.NAME, insider), keys.rejectedRows(), keys.root() + "batches/",
                started.toString(), Instant.now().toString(), null, true, false, null, 1, null);
        store.putJson(bucket, keys.manifest(), manifest);
        LOG.infof("replaying %d callbacks from %s: %d users in %d Insider batches, run %s", callbacks.size(), source, users,
                cutter.batches(), keys.runId());
        return new ReplayResult(keys.runId(), bucket, callbacks.size(), users, cutter.batches());
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
                    callback.path("run_id").asText(null), callback.hasNonNull("batch") ? callback.get("batch").asInt() : null, users));
        }
        CallbackListing listing = new CallbackListing(prefix, entries.size(), entries);
        store.putJson(bucket, prefix + "report.json", listing);
        return listing;
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
        try {
            return json.readTree(store.read(bucket, key).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable callback " + key, e);
        }
    }
}
