package io.profilesync.destination.evergage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What to export from Evergage's User Export API.
 *
 * @param dataset the dataset id
 * @param format {@code json} or {@code csv}
 * @param pageSize records per page
 * @param filter optional segment name or id
 * @param segmentId optional segment id
 * @param segmentationId optional segmentation id
 * @param includeGeo include user location details
 * @param start engagement window start, epoch milliseconds
 * @param end engagement window end, epoch milliseconds
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserExportQuery(String dataset, String format, int pageSize, String filter, String segmentId,
        String segmentationId, Boolean includeGeo, Long start, Long end) {
}
