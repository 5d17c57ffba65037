package io.profilesync.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.Mask;
import io.profilesync.config.ConfigurationException;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.credentials.CredentialStore;
import io.profilesync.credentials.Credentials;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;

/**
 * Receives Insider's error callbacks. Insider signs nothing, so the URL carries a secret that is compared in
 * constant time; a wrong or missing secret is answered 404 as if the endpoint did not exist. Nothing refused
 * is stored. Insider sends back "the same payload you initially submitted for that user"
 * (https://academy.insiderone.com/docs/upsert-user-data-api, {@code error_callback_endpoint}), so a callback is
 * at most the batch it names plus {@link CallbackSettings#echoMarginBytes()}, and is copied under its run only
 * when that run sent that batch.
 */
@ApplicationScoped
public class CallbackService {

    private static final Logger LOG = Logger.getLogger(CallbackService.class);

    static final String WEBHOOK = "callbacks";
    static final String SECRET = "secret";
    static final String PREVIOUS_SECRET = "previous-secret";

    private final CallbackSettings settings;
    private final CredentialStore credentials;
    private final ProfileSyncConfig config;
    private final ObjectStore store;
    private final ObjectMapper json;

    public CallbackService(CallbackSettings settings, CredentialStore credentials, ProfileSyncConfig config,
            ObjectStore store, ObjectMapper json) {
        this.settings = settings;
        this.credentials = credentials;
        this.config = config;
        this.store = store;
        this.json = json;
    }

    public HttpApiResponse receive(HttpApiEvent event) {
        try {
            if (!authentic(event)) {
                return HttpApiResponse.json(404, "not found");
            }
        } catch (ConfigurationException e) {
            LOG.errorf("configuration error: %s; callbacks are refused with 503 until it is set", e.getMessage());
            return HttpApiResponse.json(503, "the endpoint is not configured");
        }
        if (!"POST".equalsIgnoreCase(event.method())) {
            return new HttpApiResponse(405, java.util.Map.of("Allow", "POST"), "{\"message\":\"use POST\"}", false);
        }
        byte[] body = body(event);
        if (body == null) {
            return HttpApiResponse.json(400, "the body is not valid base64");
        }
        if (body.length > settings.maxBodyBytes()) {
            return HttpApiResponse.json(413, "the body is larger than " + settings.maxBodyBytes() + " bytes");
        }
        String bucket = settings.bucket().orElseThrow(() -> new IllegalStateException(
                "no bucket for callbacks: set profile-sync.callbacks.bucket"));
        String runId = event.query("run");
        Integer batch = parse(event.query("batch"));
        Optional<String> sentBatch = SentBatches.key(config.outputPrefix(), runId, batch);
        OptionalLong sent = sentBatch.map(key -> store.size(bucket, key)).orElse(OptionalLong.empty());
        long limit = sent.orElse(0) + settings.echoMarginBytes();
        if (body.length > limit) {
            return HttpApiResponse.json(413, "the body is larger than " + limit + " bytes, " + (sent.isPresent()
                    ? "the size of the batch it names plus " + settings.echoMarginBytes()
                    : "the most a callback naming no batch a run sent may hold"));
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JsonProcessingException e) {
            return HttpApiResponse.json(400, "the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return HttpApiResponse.json(400, "the body cannot be read");
        }
        if (payload == null || !payload.isContainerNode()) {
            return HttpApiResponse.json(400, "the body must be a JSON object");
        }
        String key = store(bucket, new StoredCallback(received(event).toString(), requestId(event), runId, batch,
                event.sourceIp(), sent.isPresent() ? sentBatch.get() : null, payload));
        return HttpApiResponse.json(202, "stored as " + key);
    }

    /**
     * The URL's last segment against the webhook secret and, during a rotation window, the previous one (both
     * read at first use and re-read after their time-to-live, so a rotation needs no redeployment).
     */
    private boolean authentic(HttpApiEvent event) {
        Credentials webhook = credentials.get(WEBHOOK, settings);
        String path = event.rawPath() == null ? "" : event.rawPath();
        byte[] given = path.substring(path.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
        boolean current = matches(webhook.require(SECRET), given);
        boolean previous = webhook.value(PREVIOUS_SECRET).map(secret -> matches(secret, given)).orElse(false);
        return current | previous;
    }

    private static boolean matches(String secret, byte[] given) {
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given);
    }

    private static byte[] body(HttpApiEvent event) {
        String body = event.body() == null ? "" : event.body();
        if (!event.isBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant received(HttpApiEvent event) {
        return event.requestContext() != null && event.requestContext().timeEpoch() > 0
                ? Instant.ofEpochMilli(event.requestContext().timeEpoch()) : Instant.now();
    }

    private static String requestId(HttpApiEvent event) {
        return event.requestContext() == null || event.requestContext().requestId() == null
                ? Long.toString(System.nanoTime()) : event.requestContext().requestId();
    }

    /** By date, and a copy under its run only when the run sent the batch it names: no caller makes a run's folder. */
    private String store(String bucket, StoredCallback callback) {
        Instant received = Instant.parse(callback.receivedAt());
        String name = received.toEpochMilli() + "-" + callback.requestId().replaceAll("[^A-Za-z0-9-]", "_") + ".json";
        String key = settings.prefix() + "date=" + received.atZone(ZoneOffset.UTC).toLocalDate() + "/" + name;
        byte[] stored = serialize(callback);
        store.put(bucket, key, stored, ObjectStore.JSON);
        if (callback.sentBatch() != null) {
            store.put(bucket, new RunKeys(config.outputPrefix(), callback.runId()).root() + "callbacks/" + name, stored, ObjectStore.JSON);
            LOG.infof("stored an Insider error callback from %s as %s (run %s, batch %d)", callback.sourceIp(), key,
                    callback.runId(), callback.batch());
        } else {
            LOG.warnf("stored an Insider error callback from %s as %s: it names no batch a run sent (run '%s', batch %s),"
                    + " so it is not copied under a run and is never replayed", callback.sourceIp(), key,
                    Mask.secret(callback.runId()), callback.batch());
        }
        return key;
    }

    private byte[] serialize(StoredCallback callback) {
        try {
            return json.writeValueAsBytes(callback);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Integer parse(String number) {
        try {
            return number == null ? null : Integer.valueOf(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
