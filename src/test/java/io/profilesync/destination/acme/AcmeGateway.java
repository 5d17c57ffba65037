package io.profilesync.destination.acme;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.credentials.CredentialStore;
import io.profilesync.queue.BatchMessage;
import io.profilesync.destination.HttpAnswers;
import io.profilesync.destination.PostResult;
import io.profilesync.destination.PostResult.UserFailure;
import io.profilesync.destination.DestinationGateway;
import io.quarkus.arc.properties.IfBuildProperty;

/** Posts Acme batches; a 200 lists the contacts Acme rejected by index, the others are delivered. */
@ApplicationScoped
@IfBuildProperty(name = "profile-sync.destinations.acme.enabled", stringValue = "true")
public class AcmeGateway implements DestinationGateway {

    static final String API_KEY = "api-key";

    private final AcmeApi api;
    private final CredentialStore credentials;
    private final AcmeCredentials keys;
    private final ObjectMapper json;

    public AcmeGateway(@RestClient AcmeApi api, CredentialStore credentials, AcmeCredentials keys, ObjectMapper json) {
        this.api = api;
        this.credentials = credentials;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public String name() {
        return AcmeDestination.NAME;
    }

    @Override
    public PostResult post(BatchMessage batch, byte[] body) {
        String authorization = "Bearer " + credentials.get(name(), keys).require(API_KEY);
        Response response = HttpAnswers.call(name(), () -> api.upsert(authorization, body));
        JsonNode answer;
        try {
            answer = json.readTree(response.readEntity(byte[].class));
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("rejected").isArray()) {
            return PostResult.unconfirmed(response.getStatus(), List.of(), "Acme's answer lists no rejected contacts");
        }
        List<UserFailure> failures = new ArrayList<>();
        answer.get("rejected").forEach(rejected -> failures.add(new UserFailure(rejected.path("index").asInt(),
                rejected.path("reason").asText("rejected by Acme"))));
        return PostResult.answered(response.getStatus(), failures);
    }
}
