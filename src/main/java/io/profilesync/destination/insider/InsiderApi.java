package io.profilesync.destination.insider;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Insider's Upsert User Data and Delete User Profile APIs; {@code quarkus.rest-client.insider.url} points them anywhere. */
@RegisterRestClient(configKey = "insider", baseUri = "https://unification.useinsider.com")
@Path("/api/user/v1")
public interface InsiderApi {

    @POST
    @Path("/upsert")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response upsert(@HeaderParam("X-PARTNER-NAME") String partnerName, @HeaderParam("X-REQUEST-TOKEN") String token,
            byte[] body);

    /** Delete User Profile: https://academy.insiderone.com/docs/delete-user-profile-api */
    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response delete(@HeaderParam("X-PARTNER-NAME") String partnerName, @HeaderParam("X-REQUEST-TOKEN") String token,
            byte[] body);
}
