package io.profilesync.splitting;

import java.util.List;
import java.util.Map;

/**
 * The outcome of splitting one file.
 *
 * @param rows data rows read (header excluded)
 * @param errors file-level problems; empty when the whole file was read
 * @param destinations per-destination counts
 * @param dialect how a CSV file was read ({@code ingest.CsvDialect#describe}), null for other formats or a file
 *     refused before its first record
 */
public record RunResult(long rows, List<FileError> errors, Map<String, DestinationSummary> destinations, String dialect) {

    public RunResult(long rows, List<FileError> errors, Map<String, DestinationSummary> destinations) {
        this(rows, errors, destinations, null);
    }

    public boolean succeeded() {
        return errors.isEmpty();
    }
}
