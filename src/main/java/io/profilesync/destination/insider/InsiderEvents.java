package io.profilesync.destination.insider;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.Mask;
import io.profilesync.mapping.Values;
import io.profilesync.destination.Violation;

/** Checks a user's events against Insider's documented event rules. */
final class InsiderEvents {

    private InsiderEvents() {
    }

    /** The events to send, or null when there are none; every broken rule is added to {@code violations}. */
    static JsonNode validated(JsonNode events, String field, List<Violation> violations) {
        if (events == null || events.isEmpty()) {
            return null;
        }
        if (!events.isArray()) {
            violations.add(new Violation(field, "type(array)", field + " must be an array of events"));
            return null;
        }
        for (int i = 0; i < events.size(); i++) {
            check(events.get(i), field + "[" + i + "]", violations);
        }
        return events;
    }

    private static void check(JsonNode event, String path, List<Violation> violations) {
        if (!event.isObject()) {
            violations.add(new Violation(path, "type(object)", "an event must be a JSON object"));
            return;
        }
        String name = event.path("event_name").asText("");
        if (name.isBlank()) {
            violations.add(new Violation(path + ".event_name", "required", "event_name is required"));
        }
        String timestamp = event.path("timestamp").asText("");
        if (timestamp.isBlank()) {
            violations.add(new Violation(path + ".timestamp", "required", "timestamp is required"));
        } else if (Values.rfc3339(timestamp).isEmpty()) {
            violations.add(new Violation(path + ".timestamp", "type(rfc3339)",
                    "timestamp must be an RFC 3339 date-time, got '" + Mask.secret(timestamp) + "'"));
        }
        JsonNode params = event.path("event_params");
        for (String param : InsiderUserMapper.requiredEventParams().getOrDefault(name, List.of())) {
            JsonNode value = params.get(param);
            if (value == null || value.isNull() || value.asText().isBlank()) {
                violations.add(new Violation(path + ".event_params." + param, "required",
                        param + " parameter is required on " + name + " event"));
            }
        }
    }
}
