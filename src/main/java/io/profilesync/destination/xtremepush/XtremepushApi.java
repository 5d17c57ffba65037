package io.profilesync.destination.xtremepush;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Xtremepush's external API; {@code quarkus.rest-client.xtremepush.url} points it anywhere. */
@RegisterRestClient(configKey = "xtremepush", baseUri = "https://external-api.xtremepush.com")
@Path("/api/external")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface XtremepushApi {

    @POST
    @Path("/import/profile")
    Response importProfiles(byte[] body);

    /** The Task Info method, for imports answered with 202. */
    @POST
    @Path("/info/task")
    Response taskInfo(byte[] body);
}
