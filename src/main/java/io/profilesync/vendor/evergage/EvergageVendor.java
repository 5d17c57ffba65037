package io.profilesync.vendor.evergage;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

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
