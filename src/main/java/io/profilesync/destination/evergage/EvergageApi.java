package io.profilesync.destination.evergage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Evergage's dataset API. Every account has its own host: {@code quarkus.rest-client.evergage.url} must be set to
 * {@code https://<account>.<instance>.evergage.com}; until it is, calls go to an address that never answers.
 */
@RegisterRestClient(configKey = "evergage", baseUri = "https://evergage.invalid")
@Path("/api/dataset/{dataset}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface EvergageApi {

    /** The User Export API: one page of users, as a JSON array or CSV. */
    @GET
    @Path("/users.{format}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    Response exportUsers(@PathParam("dataset") String dataset, @PathParam("format") String format,
            @HeaderParam("Authorization") String authorization, @QueryParam("pageSize") int pageSize,
            @QueryParam("page") int page, @QueryParam("filter") String filter, @QueryParam("segmentId") String segmentId,
            @QueryParam("segmentationId") String segmentationId, @QueryParam("includeGeo") Boolean includeGeo,
            @QueryParam("start") Long start, @QueryParam("end") Long end);

    @POST
    @Path("/{kind}/upsert")
    Response upsert(@PathParam("dataset") String dataset, @PathParam("kind") String kind,
            @HeaderParam("Authorization") String authorization, byte[] body);
}
