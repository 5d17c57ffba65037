package io.profilesync.poster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.queue.BatchMessage;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One in-flight marker per batch ({@code runs/<run_id>/claims/<destination>/<stream>-NNNNNN.json}), so that two
 * deliveries of the same message never post at once. A delivery claims the batch with a conditional write and
 * a lease that outlasts its invocation; a second delivery that finds the lease running stays away until it
 * ends. Posting again is allowed only when the earlier attempt's answer was lost (recorded as such, or its
 * lease ran out: the poster died mid-request), and such a post is counted as a repost: Insider appends events
 * and array values on every upsert, so a repost is never harmless.
 */
@ApplicationScoped
public class BatchClaims {

    static final String POSTING = "posting";
    static final String ANSWER_LOST = "answer_lost";
    static final String RELEASED = "released";

    /** What the marker holds. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Claim(String state, long leaseUntil) {
    }

    /** A claim taken; {@code earlierAnswerLost} makes the coming post a repost. */
    public record Taken(boolean earlierAnswerLost) {
    }

    private final ObjectStore store;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public BatchClaims(ObjectStore store, ObjectMapper json, ProfileSyncConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    /** Claims the batch for {@code lease}, or throws {@link BatchInFlightException} when another delivery holds it. */
    public Taken take(BatchMessage batch, Duration lease) {
        long now = System.currentTimeMillis();
        Claim mine = new Claim(POSTING, now + lease.toMillis());
        if (store.putJsonIfAbsent(batch.bucket(), key(batch), mine)) {
            return new Taken(false);
        }
        Optional<ObjectStore.Versioned> found = store.readVersioned(batch.bucket(), key(batch));
        Claim held = found.map(versioned -> parse(versioned.bytes())).orElse(new Claim(RELEASED, 0));
        if (POSTING.equals(held.state()) && held.leaseUntil() > now) {
            throw new BatchInFlightException(batch, Duration.ofMillis(held.leaseUntil() - now));
        }
        boolean replaced = found.isPresent()
                ? store.putJsonIfMatch(batch.bucket(), key(batch), mine, found.get().etag())
                : store.putJsonIfAbsent(batch.bucket(), key(batch), mine);
        if (!replaced) {
            throw new BatchInFlightException(batch, lease);
        }
        return new Taken(!RELEASED.equals(held.state()));
    }

    /** The attempt got an answer (or never sent): a later delivery posts afresh. */
    public void release(BatchMessage batch) {
        store.putJson(batch.bucket(), key(batch), new Claim(RELEASED, 0));
    }

    /** The attempt's answer was lost: a later delivery may post again, as a repost. */
    public void answerLost(BatchMessage batch) {
        store.putJson(batch.bucket(), key(batch), new Claim(ANSWER_LOST, 0));
    }

    private Claim parse(byte[] bytes) {
        try {
            return json.readValue(bytes, Claim.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable batch claim", e);
        }
    }

    private String key(BatchMessage batch) {
        return new RunKeys(config.outputPrefix(), batch.runId()).claim(batch.destination(), batch.stream(), batch.batch(),
                batch.part());
    }
}
