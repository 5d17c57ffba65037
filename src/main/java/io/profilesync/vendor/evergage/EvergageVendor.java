package io.profilesync.vendor.evergage;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.vendor.Deletion;
import io.profilesync.vendor.Vendor;
import io.profilesync.vendor.VendorMapper;
import io.profilesync.vendor.VendorOptions;

/**
 * Salesforce Interaction Studio / Personalization (Evergage): users upsert
 * ({@code /api/dataset/<dataset>/users/upsert}) and accounts upsert ({@code .../accounts/upsert}).
 */
@ApplicationScoped
public class EvergageVendor implements Vendor {

    public static final String NAME = "evergage";

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
    public VendorMapper mapper(JsonNode options, Optional<List<String>> header) {
        EvergageOptions parsed = VendorOptions.parse(NAME, options, EvergageOptions.class);
        VendorOptions.requireColumns(NAME, header, parsed.accountAttributes().values());
        return new EvergageMapper(parsed);
    }
}
