package io.profilesync.vendor.insider;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Insider's Upsert User Data API; {@code quarkus.rest-client.insider.url} points it anywhere. */
@RegisterRestClient(configKey = "insider", baseUri = "https://unification.useinsider.com")
@Path("/api/user/v1/upsert")
public interface InsiderApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response upsert(@HeaderParam("X-PARTNER-NAME") String partnerName, @HeaderParam("X-REQUEST-TOKEN") String token,
            byte[] body);
}
