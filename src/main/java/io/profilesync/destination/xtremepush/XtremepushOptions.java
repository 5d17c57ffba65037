package io.profilesync.destination.xtremepush;

import java.util.Map;

import io.profilesync.mapping.Fields;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Xtremepush's section of a mapping.
 *
 * @param id the field that identifies profiles: {@code user_id} (default) or {@code device_id} for anonymous
 *        device profiles
 * @param rename field to column name, for any other column
 */
@RegisterForReflection
public record XtremepushOptions(String id, Map<String, String> rename) {

    public XtremepushOptions {
        id = id == null ? Fields.USER_ID : id;
        rename = rename == null ? Map.of() : Map.copyOf(rename);
    }
}
