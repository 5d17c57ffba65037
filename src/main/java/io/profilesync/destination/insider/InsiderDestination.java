package io.profilesync.destination.insider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.destination.Deletion;
import io.profilesync.destination.DeliveryDefaults;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.Destination;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.DestinationOptions;

/** Insider One, Upsert User Data API ({@code POST /api/user/v1/upsert}) and Delete User Profile API ({@code POST /api/user/v1/delete}). */
@ApplicationScoped
public class InsiderDestination implements Destination {

    public static final String NAME = "insider";

    /** Insider's request body format and limits, for batches that do not come from a file (replayed callbacks). */
    public static BatchFormat requestFormat() {
        return InsiderUserMapper.format(false);
    }

    /**
     * A user as Insider receives it (from a stored batch, or sent back by an error callback) mapped again as a file's
     * row is: the rules it breaks, or the user as the splitter would send it, with its key.
     *
     * @param line the number its item and violations carry
     */
    public static MappedRow revalidate(long line, JsonNode user) {
        return InsiderUserReader.revalidate(line, user);
    }

    /**
     * Insider allows 25,000 requests a minute per account; this is per function instance, so that ten instances
     * stay under it (docs/destinations/insider.md, "Rate limits across instances").
     */
    static final int REQUESTS_PER_MINUTE = 2_500;

    /**
     * Insider allows 10,000 deletions ({@code POST /api/user/v1/delete}) a minute per API key, a pool apart from the
     * upserts' (shared/vendor-docs/insider-rate-limits-and-related-endpoints.txt,
     * https://academy.insiderone.com/docs/api-rate-limits-1): per function instance, so that ten instances stay under it.
     */
    static final int DELETES_PER_MINUTE = 1_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryDefaults delivery() {
        return DeliveryDefaults.STANDARD.withRequestsPerMinute(REQUESTS_PER_MINUTE);
    }

    /** Delete User Profile, https://academy.insiderone.com/docs/delete-user-profile-api (see {@link InsiderGateway}). */
    @Override
    public Deletion deletion() {
        return Deletion.perMinute(DELETES_PER_MINUTE);
    }

    @Override
    public DestinationMapper mapper(JsonNode options, Optional<List<String>> header) {
        InsiderOptions parsed = DestinationOptions.parse(NAME, options, InsiderOptions.class);
        List<String> columns = new ArrayList<>(parsed.customIdentifiers().values());
        if (parsed.insiderId() != null) {
            columns.add(parsed.insiderId());
        }
        DestinationOptions.requireColumns(NAME, header, columns);
        return new InsiderUserMapper(parsed);
    }
}
