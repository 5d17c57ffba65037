package io.profilesync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.profilesync.common.Columns;

/**
 * RFC 4180 CSV with a header row, read record by record ({@link CsvRecords}): quoted fields may hold commas, doubled
 * quotes and line breaks; CRLF and LF both end a record.
 */
final class CsvRowReader implements RowReader {

    /** Large enough for the 10 MB single field the bad-input corpus holds, small enough to bound a row. */
    static final int MAX_FIELD_CHARS = 32 * 1024 * 1024;

    private final InputStream input;
    private final InputLimits limits;
    private final CsvRecords records;
    private final List<String> header;
    private final Columns columns;
    private final List<String> fields = new ArrayList<>();
    private final int maxFields;
    private final String tooManyFields;

    CsvRowReader(InputStream input, InputLimits limits) {
        this.input = input;
        this.limits = limits;
        this.records = new CsvRecords(input, 0, MAX_FIELD_CHARS, limits);
        this.header = readHeader();
        this.columns = new Columns(header);
        this.maxFields = limits.maxFields(header.size());
        this.tooManyFields = limits.tooManyFields(header.size());
    }

    /** A chunk of a file after its header: the file's header, and the line the chunk starts on. */
    CsvRowReader(InputStream input, List<String> header, long firstLine, InputLimits limits) {
        this.input = input;
        this.limits = limits;
        this.records = new CsvRecords(input, firstLine - 1, MAX_FIELD_CHARS, limits);
        this.header = List.copyOf(header);
        this.columns = new Columns(this.header);
        this.maxFields = limits.maxFields(header.size());
        this.tooManyFields = limits.tooManyFields(header.size());
    }

    @Override
    public Optional<List<String>> header() {
        return Optional.of(header);
    }

    @Override
    public Optional<SourceRow> next() {
        fields.clear();
        long line = readRecord(fields, maxFields, tooManyFields);
        if (line < 0) {
            return Optional.empty();
        }
        if (fields.size() != header.size()) {
            return Optional.of(SourceRow.broken(line, "wrong number of fields: the header has " + header.size()
                    + ", this record has " + fields.size()));
        }
        return Optional.of(SourceRow.of(line, columns, fields.toArray(String[]::new)));
    }

    private List<String> readHeader() {
        List<String> names = new ArrayList<>();
        long line = readRecord(names, limits.maxColumns(), limits.tooManyColumns());
        if (line < 0) {
            throw new InputFormatException(0, "the file is empty: a CSV file needs a header row");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (name.isEmpty()) {
                throw new InputFormatException(line, "header column " + (i + 1) + " has no name");
            }
            if (!seen.add(name)) {
                throw new InputFormatException(line, "duplicate header name '" + name + "'");
            }
            names.set(i, name);
        }
        return List.copyOf(names);
    }

    /** Reads one record into {@code into}; answers its first line, or -1 at the end of the input. */
    private long readRecord(List<String> into, int maxFields, String tooMany) {
        try {
            return records.read(into, maxFields, tooMany);
        } catch (CsvRecords.UnreadableException e) {
            throw new InputFormatException(e.line(), "unreadable CSV at line " + e.line() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputFormatException(records.line(), "unreadable CSV at line " + records.line() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
