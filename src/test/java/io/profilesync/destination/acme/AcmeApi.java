package io.profilesync.destination.acme;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Acme's bulk contacts upsert; {@code quarkus.rest-client.acme.url} points it anywhere. */
@RegisterRestClient(configKey = "acme", baseUri = "https://api.acme.invalid")
@Path("/v2/contacts/bulk")
public interface AcmeApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response upsert(@HeaderParam("Authorization") String authorization, byte[] body);
}
