package io.profilesync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import io.profilesync.common.Columns;

/**
 * RFC 4180 CSV in a {@link CsvDialect}, read record by record ({@link CsvRecords}) from UTF-8 bytes: quoted fields
 * may hold delimiters, doubled quotes and line breaks; CRLF and LF both end a record. Without a header row, the
 * columns are named {@code column0}, {@code column1}, ... after the first record's fields.
 */
final class CsvRowReader implements RowReader {

    /** Large enough for the 10 MB single field the bad-input corpus holds, small enough to bound a row. */
    static final int MAX_FIELD_CHARS = 32 * 1024 * 1024;

    private final InputStream input;
    private final InputLimits limits;
    private final CsvDialect dialect;
    private final CsvRecords records;
    private final List<String> header;
    private final Columns columns;
    private final List<String> fields = new ArrayList<>();
    private final int maxFields;
    private final String tooManyFields;
    /** A headerless file's first record, read for its number of fields: the first row. */
    private List<String> firstRecord;
    private long firstRecordLine = -1;

    /**
     * A file from its start (or its first chunk).
     *
     * @param bytesBefore bytes of the file before {@code input}'s first (a byte-order mark)
     */
    CsvRowReader(InputStream input, CsvDialect dialect, long bytesBefore, InputLimits limits) {
        this.input = input;
        this.limits = limits;
        this.dialect = dialect;
        this.records = new CsvRecords(input, dialect, 0, bytesBefore, MAX_FIELD_CHARS, limits);
        this.header = dialect.header() ? readHeader() : namedAfterFirstRecord();
        this.columns = new Columns(header);
        this.maxFields = limits.maxFields(header.size());
        this.tooManyFields = limits.tooManyFields(header.size());
    }

    /** A chunk of a file after its first: the file's header, the line the chunk starts on and its first byte. */
    CsvRowReader(InputStream input, CsvDialect dialect, List<String> header, long firstLine, long bytesBefore,
            InputLimits limits) {
        this.input = input;
        this.limits = limits;
        this.dialect = dialect;
        this.records = new CsvRecords(input, dialect, firstLine - 1, bytesBefore, MAX_FIELD_CHARS, limits);
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
    public Optional<CsvDialect> dialect() {
        return Optional.of(dialect);
    }

    @Override
    public Optional<SourceRow> next() {
        fields.clear();
        long line;
        if (firstRecord != null) {
            fields.addAll(firstRecord);
            line = firstRecordLine;
            firstRecord = null;
        } else {
            line = readRecord(fields, maxFields, tooManyFields);
        }
        if (line < 0) {
            return Optional.empty();
        }
        if (fields.size() != header.size()) {
            return Optional.of(SourceRow.broken(line, "wrong number of fields: the header has " + header.size()
                    + ", this record has " + fields.size()));
        }
        String[] values = new String[fields.size()];
        long size = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = fields.get(i);
            size += values[i].length();
        }
        return Optional.of(SourceRow.of(line, columns, values, size));
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

    private List<String> namedAfterFirstRecord() {
        List<String> first = new ArrayList<>();
        firstRecordLine = readRecord(first, limits.maxColumns(), limits.tooManyColumns());
        if (firstRecordLine < 0) {
            throw new InputFormatException(0, "the file is empty");
        }
        firstRecord = first;
        return IntStream.range(0, first.size()).mapToObj(i -> "column" + i).toList();
    }

    /** Reads one record into {@code into}; answers its first line, or -1 at the end of the input. */
    private long readRecord(List<String> into, int maxFields, String tooMany) {
        try {
            return records.read(into, maxFields, tooMany);
        } catch (CsvRecords.UnreadableException e) {
            throw new InputFormatException(e.line(), "unreadable CSV at line " + e.line() + ": " + e.getMessage(), e);
        } catch (Transcoded.Undecodable e) {
            // read ahead of the records: its line is not known
            throw new InputFormatException(0, e.getMessage(), e);
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
