package io.profilesync.destination.evergage;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.MappingException;
import io.profilesync.destination.Deletion;
import io.profilesync.destination.Destination;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.DestinationOptions;
import io.profilesync.destination.evergage.feed.FeedRules;

/**
 * Salesforce Interaction Studio / Personalization (Evergage): users upsert
 * ({@code /api/dataset/<dataset>/users/upsert}) and accounts upsert ({@code .../accounts/upsert}), or, with
 * {@code profile-sync.evergage.delivery=etl-feed}, users as User ETL feed files over SFTP.
 */
@ApplicationScoped
public class EvergageDestination implements Destination {

    public static final String NAME = "evergage";

    private final EvergageDelivery delivery;

    @Inject
    public EvergageDestination(EvergageSettings settings) {
        this(settings.delivery());
    }

    public EvergageDestination(EvergageDelivery delivery) {
        this.delivery = delivery;
    }

    /** The API delivery, today's default. */
    public EvergageDestination() {
        this(EvergageDelivery.API);
    }

    /**
     * Salesforce documents a User Look-Up and Deletion API for Personalization
     * (https://developer.salesforce.com/docs/marketing/personalization/guide/user-look-up-deletion-api.html): deletion
     * by user id, authorised by API tokens an account administrator generates in the Personalization UI, not by the
     * API key this deployment holds. The pages read do not show the deletion request itself (its method, path and
     * body), only the look-up's {@code GET /api/dataset/{dataset}/user/{userId}}, so it is not built on a guess.
     */
    @Override
    public Deletion deletion() {
        return Deletion.refused("its User Look-Up and Deletion API "
                + "(developer.salesforce.com/docs/marketing/personalization/guide/user-look-up-deletion-api.html) needs "
                + "a separate API token and its deletion request is not shown in the pages read; delete users in the "
                + "Personalization UI");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DestinationMapper mapper(JsonNode options, Optional<List<String>> header) {
        EvergageOptions parsed = DestinationOptions.parse(NAME, options, EvergageOptions.class);
        DestinationOptions.requireColumns(NAME, header, parsed.accountAttributes().values());
        if (delivery == EvergageDelivery.ETL_FEED) {
            requireFeedOptions(parsed);
        } else if (!parsed.identityAttributes().isEmpty()) {
            throw new MappingException("mapping for evergage: identity_attributes apply to the User ETL feed only; "
                    + "set profile-sync.evergage.delivery=etl-feed or drop them");
        }
        return new EvergageMapper(parsed, delivery);
    }

    /** What the User ETL feed cannot carry, refused when the mapping is read. */
    private static void requireFeedOptions(EvergageOptions options) {
        if (!options.accountAttributes().isEmpty()) {
            throw new MappingException("mapping for evergage: account_attributes need the accounts upsert API; the User ETL "
                    + "feed (profile-sync.evergage.delivery=etl-feed) carries users only");
        }
        // https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_user_data_feed.htm: "User ETL has a limit of five identity attributes"
        if (options.identityAttributes().size() > FeedRules.MAX_IDENTITY_ATTRIBUTES) {
            throw new MappingException("mapping for evergage: identity_attributes names " + options.identityAttributes().size()
                    + " attributes; the User ETL feed takes at most " + FeedRules.MAX_IDENTITY_ATTRIBUTES);
        }
    }
}
