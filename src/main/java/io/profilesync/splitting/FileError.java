package io.profilesync.splitting;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A problem with the file as a whole (not one row).
 *
 * @param line the line where reading stopped, 0 when the problem is not at a line
 * @param message what is wrong, naming the rule or limit
 */
@RegisterForReflection
public record FileError(long line, String message) {

    /** A file with nothing to split. */
    public static FileError noRows(boolean hasHeader) {
        return new FileError(0, hasHeader ? "the file has a header but no data rows" : "the file has no data rows");
    }
}
