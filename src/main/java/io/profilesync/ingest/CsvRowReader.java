package io.profilesync.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.profilesync.common.Columns;

/**
 * RFC 4180 CSV with a header row, read record by record with Jackson's streaming CSV parser: quoted fields
 * may hold commas, doubled quotes and line breaks; CRLF and LF both end a record.
 */
final class CsvRowReader implements RowReader {

    /** Large enough for the 10 MB single field the bad-input corpus holds, small enough to bound a row. */
    static final int MAX_FIELD_CHARS = 32 * 1024 * 1024;

    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_FIELD_CHARS).build())
            .build();

    private final CsvParser parser;
    private final List<String> header;
    /** Lines before the input's first: a chunk of a file starts on a later line than 1. */
    private final long linesBefore;
    private final Columns columns;
    private final List<String> fields = new ArrayList<>();

    CsvRowReader(Reader reader) {
        this.parser = parser(reader);
        this.linesBefore = 0;
        this.header = readHeader();
        this.columns = new Columns(header);
    }

    /** A chunk of a file after its header: the file's header, and the line the chunk starts on. */
    CsvRowReader(Reader reader, List<String> header, long firstLine) {
        this.parser = parser(reader);
        this.linesBefore = firstLine - 1;
        this.header = List.copyOf(header);
        this.columns = new Columns(this.header);
    }

    private static CsvParser parser(Reader reader) {
        try {
            return FACTORY.createParser(reader);
        } catch (IOException e) {
            throw new InputFormatException(0, "cannot open CSV: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<List<String>> header() {
        return Optional.of(header);
    }

    @Override
    public Optional<SourceRow> next() {
        fields.clear();
        long line = readRecord(fields);
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
        long line = readRecord(names);
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
    private long readRecord(List<String> into) {
        long line = -1;
        try {
            if (parser.nextToken() == null) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                if (line < 0) {
                    line = parser.currentTokenLocation().getLineNr() + linesBefore;
                }
                into.add(parser.getText());
            }
            return line;
        } catch (IOException e) {
            long at = line >= 0 ? line : parser.currentLocation().getLineNr() + linesBefore;
            throw new InputFormatException(at, "unreadable CSV at line " + at + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "the file is not valid UTF-8";
        }
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
