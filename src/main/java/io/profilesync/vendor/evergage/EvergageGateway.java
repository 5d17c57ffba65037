package io.profilesync.vendor.evergage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.profilesync.delivery.HttpAnswers;
import io.profilesync.delivery.PermanentDeliveryException;
import io.profilesync.vendor.OutboundItem;
import io.profilesync.queue.BatchMessage;
import io.profilesync.vendor.PostResult;
import io.profilesync.vendor.VendorGateway;

/** Posts Evergage users to {@code users/upsert} and accounts to {@code accounts/upsert}, with HTTP Basic auth. */
@ApplicationScoped
public class EvergageGateway implements VendorGateway {

    private static final Set<String> STREAMS = Set.of(OutboundItem.USERS, EvergageMapper.ACCOUNTS);

    private final EvergageApi api;
    private final EvergageCredentials credentials;

    public EvergageGateway(@RestClient EvergageApi api, EvergageCredentials credentials) {
        this.api = api;
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return EvergageVendor.NAME;
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        String stream = batch.stream();
        if (!STREAMS.contains(stream)) {
            throw new PermanentDeliveryException("Evergage has no " + stream + " upsert", 0);
        }
        String authorization = basic();
        Response response = HttpAnswers.call(name(), () -> api.upsert(credentials.dataset(), stream, authorization, body));
        return PostResult.accepted(response.getStatus());
    }

    /** One page of the User Export API, as the text Evergage answered (a JSON array, or CSV with a header). */
    public String exportPage(UserExportQuery query, int page) {
        String authorization = basic();
        Response response = HttpAnswers.call(name(), () -> api.exportUsers(query.dataset(), query.format(), authorization,
                query.pageSize(), page, query.filter(), query.segmentId(), query.segmentationId(), query.includeGeo(),
                query.start(), query.end()));
        return response.hasEntity() ? response.readEntity(String.class) : "";
    }

    private String basic() {
        String id = credentials.apiKeyId().orElseThrow(EvergageGateway::notConfigured);
        String secret = credentials.apiKeySecret().orElseThrow(EvergageGateway::notConfigured);
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static PermanentDeliveryException notConfigured() {
        return new PermanentDeliveryException("Evergage credentials are not configured: set profile-sync.evergage.api-key-id "
                + "and profile-sync.evergage.api-key-secret", 0);
    }
}
