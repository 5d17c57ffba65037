package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class CsvRowReaderTest {

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() {
        List<SourceRow> rows = read("rows.csv", "id,note\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n4,plain\r\n");

        assertEquals(List.of("a, b", "say \"hi\"", "two\nlines", "plain"),
                rows.stream().map(row -> row.get("note")).toList());
    }

    @Test
    void aRowsSizeIsItsFieldsCharactersWhatTheRowsReadAheadOfTheLanesAreBoundedBy() {
        List<SourceRow> rows = read("rows.csv", "id,note\n1,\"a, b\"\n22,Zoë\n3,1\n");

        assertEquals(List.of(5L, 5L, 2L), rows.stream().map(SourceRow::size).toList());
    }

    @Test
    void lineNumbersAreWhereEachRecordStarts() {
        List<SourceRow> rows = read("rows.csv", "id,note\n1,\"first\nsecond\nthird\"\n2,x\n");

        assertEquals(List.of(2L, 5L), rows.stream().map(SourceRow::line).toList());
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheFirstColumnName() {
        List<SourceRow> rows = read("rows.csv", "\uFEFFuser_id,email\nu1,a@b.co\n");

        assertEquals(List.of("user_id", "email"), rows.get(0).columns().names());
        assertEquals(List.of("u1", "a@b.co"), List.of(rows.get(0).values()));
    }

    @Test
    void aRecordWithTheWrongNumberOfFieldsIsBrokenAndReadingGoesOn() {
        List<SourceRow> rows = read("rows.csv", "a,b,c\n1,2\n1,2,3\n");

        assertTrue(rows.get(0).isBroken());
        assertTrue(rows.get(0).problem().contains("the header has 3, this record has 2"), rows.get(0).problem());
        assertFalse(rows.get(1).isBroken());
    }

    @Test
    void gzipIsReadTransparently() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("id,x\n1,y\n".getBytes(StandardCharsets.UTF_8));
        }

        List<SourceRow> rows = read("rows.csv.gz", bytes.toByteArray());

        assertEquals("y", rows.get(0).get("x"));
    }

    @Test
    void anUnbalancedQuoteAtTheEndOfTheFileIsAFileErrorWithItsLine() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> read("rows.csv", "id,x\n1,y\n2,\"never closed\n"));

        assertEquals(3, error.line());
    }

    @Test
    void duplicateHeaderNamesAreRefused() {
        InputFormatException error = assertThrows(InputFormatException.class, () -> read("rows.csv", "id,email,id\n1,a,b\n"));

        assertTrue(error.getMessage().contains("duplicate header name 'id'"));
    }

    @Test
    void invalidUtf8IsAFileErrorNotAReplacementCharacter() {
        // UTF-8 first (an é), then a byte sequence that is not: neither UTF-8 nor Windows-1252 text (EncodingSniffer)
        byte[] bad = {'i', 'd', '\n', (byte) 0xC3, (byte) 0xA9, '\n', (byte) 0xC3, (byte) 0x28, '\n'};

        InputFormatException error = assertThrows(InputFormatException.class, () -> read("rows.csv", bad));

        assertTrue(error.getMessage().toLowerCase().contains("malformed") || error.getMessage().contains("UTF-8"),
                error.getMessage());
    }

    static List<SourceRow> read(String name, String text) {
        return read(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static List<SourceRow> read(String name, byte[] bytes) {
        List<SourceRow> rows = new ArrayList<>();
        try (RowReader reader = RowReaders.open(name, new ByteArrayInputStream(bytes), InputLimits.forThisHeap())) {
            for (var row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }
}
