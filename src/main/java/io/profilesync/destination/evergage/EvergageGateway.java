package io.profilesync.destination.evergage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonPointer;

import io.profilesync.batching.OutboundItem;
import io.profilesync.credentials.CredentialStore;
import io.profilesync.credentials.Credentials;
import io.profilesync.queue.BatchMessage;
import io.profilesync.destination.CredentialsRejectedException;
import io.profilesync.destination.HttpAnswers;
import io.profilesync.destination.PermanentDeliveryException;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.DestinationGateway;

/**
 * Posts Evergage users to {@code users/upsert} and accounts to {@code accounts/upsert}, with HTTP Basic auth; or, with
 * the ETL feed delivery, uploads users batches as feed files ({@link EvergageFeed}).
 */
@ApplicationScoped
public class EvergageGateway implements DestinationGateway {

    private static final Set<String> STREAMS = Set.of(OutboundItem.USERS, EvergageMapper.ACCOUNTS);

    static final String API_KEY_ID = "api-key-id";
    static final String API_KEY_SECRET = "api-key-secret";

    private final EvergageApi api;
    private final CredentialStore credentials;
    private final EvergageSettings settings;
    private final EvergageFeed feed;

    public EvergageGateway(@RestClient EvergageApi api, CredentialStore credentials, EvergageSettings settings,
            EvergageFeed feed) {
        this.api = api;
        this.credentials = credentials;
        this.settings = settings;
        this.feed = feed;
    }

    @Override
    public String name() {
        return EvergageDestination.NAME;
    }

    /** Users and accounts upserts are each a JSON array of records: the body is the items. */
    @Override
    public Optional<JsonPointer> items(String stream) {
        return STREAMS.contains(stream) ? Optional.of(JsonPointer.empty()) : Optional.empty();
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        String stream = batch.stream();
        if (!STREAMS.contains(stream)) {
            throw new PermanentDeliveryException("Evergage has no " + stream + " upsert", 0);
        }
        if (settings.delivery() == EvergageDelivery.ETL_FEED) {
            if (!OutboundItem.USERS.equals(stream)) {
                throw new PermanentDeliveryException("the User ETL feed carries users, not " + stream, 0);
            }
            return feed.submit(batch, body);
        }
        String authorization = basic();
        Response response = HttpAnswers.call(name(), () -> api.upsert(settings.dataset(), stream, authorization, body));
        return PostResult.accepted(response.getStatus());
    }

    /** With the ETL feed, a task is a submitted feed file: what the feed made of it. */
    @Override
    public Optional<PostResult> checkTask(String taskId) {
        if (settings.delivery() != EvergageDelivery.ETL_FEED) {
            return DestinationGateway.super.checkTask(taskId);
        }
        return feed.check(taskId);
    }

    /** One page of the User Export API, as the text Evergage answered (a JSON array, or CSV with a header). */
    public String exportPage(UserExportQuery query, int page) throws Exception {
        return credentials.retryOnceIfRejected(name(), CredentialsRejectedException.class::isInstance, () -> {
            String authorization = basic();
            Response response = HttpAnswers.call(name(), () -> api.exportUsers(query.dataset(), query.format(), authorization,
                    query.pageSize(), page, query.filter(), query.segmentId(), query.segmentationId(), query.includeGeo(),
                    query.start(), query.end()));
            return response.hasEntity() ? response.readEntity(String.class) : "";
        });
    }

    private String basic() {
        Credentials evergage = credentials.get(name(), settings);
        String token = evergage.require(API_KEY_ID) + ":" + evergage.require(API_KEY_SECRET);
        return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }
}
