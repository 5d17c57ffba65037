package io.profilesync.vendor.evergage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Evergage's dataset API; {@code quarkus.rest-client.evergage.url} is {@code https://<account>.<instance>.evergage.com}. */
@RegisterRestClient(configKey = "evergage")
@Path("/api/dataset/{dataset}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface EvergageApi {

    @POST
    @Path("/{kind}/upsert")
    Response upsert(@PathParam("dataset") String dataset, @PathParam("kind") String kind,
            @HeaderParam("Authorization") String authorization, byte[] body);
}
