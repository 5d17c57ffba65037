package io.profilesync.destination.xtremepush;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.MappingException;
import io.profilesync.destination.Deletion;
import io.profilesync.destination.Destination;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.DestinationOptions;

/** Xtremepush profile import ({@code POST /api/external/import/profile}). */
@ApplicationScoped
public class XtremepushDestination implements Destination {

    public static final String NAME = "xtremepush";
    private static final Set<String> IDS = Set.of("user_id", "device_id");

    /**
     * No profile deletion endpoint is in the pages read: the API conventions name a task type
     * {@code profile_delete_personal_data} (shared/vendor-docs/xtremepush-api-conventions.txt) but no request that
     * starts one, and the profile import page deletes nothing.
     */
    @Override
    public Deletion deletion() {
        return Deletion.refused("Xtremepush's API documentation shows no request that deletes a profile (a task type "
                + "profile_delete_personal_data is named, but not how to start one)");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DestinationMapper mapper(JsonNode options, Optional<List<String>> header) {
        XtremepushOptions parsed = DestinationOptions.parse(NAME, options, XtremepushOptions.class);
        if (!IDS.contains(parsed.id())) {
            throw new MappingException("mapping for xtremepush: id must be user_id or device_id, not '" + parsed.id() + "'");
        }
        if (options != null && options.has("id")) {
            DestinationOptions.requireColumns(NAME, header, List.of(parsed.id()));
        }
        return new XtremepushRowMapper(parsed);
    }
}
