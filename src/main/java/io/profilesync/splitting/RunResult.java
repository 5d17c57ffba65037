package io.profilesync.splitting;

import java.util.List;
import java.util.Map;

/**
 * The outcome of splitting one file.
 *
 * @param rows data rows read (header excluded)
 * @param errors file-level problems; empty when the whole file was read
 * @param vendors per-vendor counts
 */
public record RunResult(long rows, List<FileError> errors, Map<String, VendorSummary> vendors) {

    public boolean succeeded() {
        return errors.isEmpty();
    }
}
