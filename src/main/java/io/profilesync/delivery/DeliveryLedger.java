package io.profilesync.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.BatchMessage;
import io.profilesync.storage.ObjectStore;
import io.profilesync.storage.RunKeys;

/** Batch outcomes in S3, next to the batches: the poster's durable memory of what it posted. */
@ApplicationScoped
public class DeliveryLedger {

    private static final Logger LOG = Logger.getLogger(DeliveryLedger.class);

    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public DeliveryLedger(ObjectStore store, ObjectMapper json, ProfileSyncConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    public Optional<BatchOutcome> find(BatchMessage message) {
        return store.read(message.bucket(), key(message)).map(bytes -> {
            try {
                return json.readValue(bytes, BatchOutcome.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable outcome " + key(message), e);
            }
        });
    }

    /**
     * Records an outcome. The first record for a batch is a conditional write: if another delivery of the same
     * message got there first, both posted, and that is logged as a duplicate post.
     */
    public void record(BatchMessage message, BatchOutcome outcome, boolean first) {
        if (!first) {
            store.putJson(message.bucket(), key(message), outcome);
        } else if (!store.putJsonIfAbsent(message.bucket(), key(message), outcome)) {
            LOG.warnf("duplicate post: %s of run %s was recorded by a concurrent delivery of the same message",
                    message.batchName(), message.runId());
        }
    }

    private String key(BatchMessage message) {
        return new RunKeys(config.outputPrefix(), message.runId()).outcome(message.vendor(), message.stream(), message.batch());
    }
}
