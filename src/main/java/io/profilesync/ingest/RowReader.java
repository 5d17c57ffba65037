package io.profilesync.ingest;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/** Reads the records of one input file as a stream, one at a time. */
public interface RowReader extends Closeable {

    /** Column names when the format declares them up front (a CSV header), empty otherwise. */
    Optional<List<String>> header();

    /** How a CSV file is read (decided before its first record), empty for other formats. */
    default Optional<CsvDialect> dialect() {
        return Optional.empty();
    }

    /**
     * The next record, or empty at the end of the input.
     *
     * @throws InputFormatException when the file cannot be read any further
     */
    Optional<SourceRow> next();
}
