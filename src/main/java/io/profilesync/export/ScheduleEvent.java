package io.profilesync.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What EventBridge Scheduler delivers: the schedule's input, verbatim. With the templated "Scheduled Event"
 * envelope the export options are in {@code detail} (an object, or a JSON string); a plain JSON input holds
 * them at the top level. Every option is optional.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleEvent(String id, String source, String time, JsonNode detail, String dataset, String format,
        Integer pageSize, String filter, String segmentId, String segmentationId, Boolean includeGeo, Long start, Long end,
        String idField, @JsonProperty("detail-type") String detailType) {
}
