package io.profilesync.ingest;

/** The input cannot be read any further: the file itself is at fault, not a single row. */
public class InputFormatException extends RuntimeException {

    private final long line;

    public InputFormatException(long line, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    public InputFormatException(long line, String message) {
        this(line, message, null);
    }

    /** The line where reading stopped (0 when unknown). */
    public long line() {
        return line;
    }
}
