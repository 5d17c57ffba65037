package io.profilesync.export;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.destination.evergage.UserExportQuery;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One export, also stored as its manifest ({@code exports/<dataset>/<date>/users-<time>.manifest.json}).
 *
 * @param status {@code succeeded}, or {@code failed} (then no export file exists)
 * @param idField the record field that identifies a user, on which duplicates were removed
 * @param key the export file (JSON lines or CSV), when it succeeded
 * @param pages pages read, the final empty one included
 * @param recordsRead records across all pages
 * @param duplicatesRemoved earlier records of users that appeared again (the last record of each user is kept)
 * @param recordsWritten users in the file
 * @param error what went wrong, when it failed
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExportResult(String status, UserExportQuery query, String idField, String bucket, String key, String manifest, int pages,
        long recordsRead, long duplicatesRemoved, long recordsWritten, String startedAt, String finishedAt, String error) {
}
