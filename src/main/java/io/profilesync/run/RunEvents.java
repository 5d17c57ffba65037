package io.profilesync.run;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.config.ProfileSyncConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Publishes a run's events on EventBridge: source {@code profile-sync}. The client is built on first use, not at
 * start (SnapStart); {@code profile-sync.events.endpoint-override} points it at a local server.
 */
@ApplicationScoped
public class RunEvents {

    public static final String SOURCE = "profile-sync";
    public static final String COMPLETED = "Run Completed";
    public static final String FAILED = "Run Failed";
    /** A run crossed one of its sync's guards: split and reported, nothing queued (docs/sync.md, "Guards"). */
    public static final String HELD = "Run Held";

    private final ProfileSyncConfig config;
    private volatile EventBridgeClient client;

    public RunEvents(ProfileSyncConfig config) {
        this.config = config;
    }

    /** Publishes one event; fails when EventBridge did not take it. */
    public void publish(String detailType, JsonNode detail) {
        PutEventsResponse response = client().putEvents(request -> request.entries(entry -> entry
                .source(SOURCE).detailType(detailType).detail(detail.toString()).eventBusName(config.events().bus())));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the " + detailType + " event: "
                    + response.entries().get(0).errorCode() + " " + response.entries().get(0).errorMessage());
        }
    }

    private EventBridgeClient client() {
        EventBridgeClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    EventBridgeClientBuilder builder = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create());
                    config.events().endpointOverride().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint))
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
                    client = builder.build();
                }
                built = client;
            }
        }
        return built;
    }
}
