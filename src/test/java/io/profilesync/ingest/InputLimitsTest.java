package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each input limit stops a hostile file where it is crossed. The files here never end (a stream that repeats its
 * tail for ever), so a reader that held the record whole, or read on to its end, would never answer: the timeout
 * fails it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InputLimitsTest {

    private static final InputLimits SMALL = new InputLimits(1 << 20, 50, 4L << 20);

    @Test
    void oneLineThatNeverEndsIsStoppedAtTheRecordLimit() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("big.csv", endless("user_id,notes\nu1,a\nu2,", "x"), SMALL));

        assertEquals(3, error.line());
        assertEquals("unreadable CSV at line 3: a record is longer than 1048576 bytes (the limit"
                + " profile-sync.input.max-record-bytes)", error.getMessage());
    }

    @Test
    void aQuotedFieldSpanningLinesCountsEveryLineInItsRecord() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("quoted.csv", endless("user_id,notes\nu1,\"", "line\r\n"), SMALL));

        assertEquals(2, error.line(), "the record's first line");
        assertTrue(error.getMessage().contains("max-record-bytes"), error.getMessage());
    }

    @Test
    void manyShortFieldsAddUpToTheRecordLimitToo() {
        InputLimits wide = new InputLimits(1 << 20, 1 << 20, 4L << 20);

        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("wide.csv", endless("user_id\n", "abcdefgh,"), wide));

        assertTrue(error.getMessage().contains("a record is longer than 1048576 bytes"), error.getMessage());
    }

    @Test
    void aRecordOfEndlessEmptyFieldsIsStoppedAtTheHeadersColumnsAndTheLimitMore() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("commas.csv", endless("user_id,email\nu1,a@b.c\nu2", ","), SMALL));

        assertEquals(3, error.line());
        assertEquals("unreadable CSV at line 3: a record has more than 52 fields: the header's 2 and 50 more"
                + " (the limit profile-sync.input.max-columns)", error.getMessage());
    }

    @Test
    void aRecordWithFewerExtraFieldsThanTheLimitIsARejectedRowAsBefore() throws IOException {
        String record = "u2" + ",x".repeat(51);

        List<SourceRow> rows = readAll("extra.csv", new ByteArrayInputStream(bytes("user_id,email\nu1,a\n" + record + "\nu3,c\n")),
                SMALL);

        assertEquals(3, rows.size());
        assertTrue(rows.get(1).isBroken());
        assertTrue(rows.get(1).problem().contains("wrong number of fields"), rows.get(1).problem());
    }

    @Test
    void aHeaderOfEndlessColumnsIsStoppedAtTheColumnLimit() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("header.csv", endless("user_id", ",column"), SMALL));

        assertEquals(1, error.line());
        assertEquals("unreadable CSV at line 1: the header has more than 50 columns (the limit"
                + " profile-sync.input.max-columns)", error.getMessage());
    }

    @Test
    void aJsonLineThatNeverEndsIsStoppedAtTheRecordLimit() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("users.jsonl", endless("{\"user_id\":\"u1\"}\r\n\n{\"user_id\":\"", "y"), SMALL));

        assertEquals(3, error.line());
        assertEquals("unreadable input at line 3: a record is longer than 1048576 bytes (the limit"
                + " profile-sync.input.max-record-bytes)", error.getMessage());
    }

    @Test
    void aJsonLineJustWithinTheLimitIsRead() throws IOException {
        String line = "{\"user_id\":\"u1\",\"notes\":\"" + "z".repeat((1 << 20) - 30) + "\"}";

        List<SourceRow> rows = readAll("users.jsonl", new ByteArrayInputStream(bytes(line + "\n")), SMALL);

        assertEquals(1, rows.size());
        assertEquals("u1", rows.get(0).get("user_id"));
    }

    @Test
    void aGzipBombOfBlankLinesIsStoppedAtTheInflatedLimit() {
        byte[] bomb = gzip(bytes("user_id\nu1\n"), bytes("\n"), 8 << 20);

        InputFormatException error = assertThrows(InputFormatException.class,
                () -> readAll("bomb.csv.gz", new ByteArrayInputStream(bomb), SMALL));

        assertTrue(error.line() > 3, "the line reading stopped on: " + error.line());
        assertTrue(error.getMessage().endsWith("the gzip file inflates to more than 4194304 bytes (the limit"
                + " profile-sync.input.max-inflated-bytes)"), error.getMessage());
    }

    @Test
    void aGzipJsonLinesFileWithinTheInflatedLimitIsRead() throws IOException {
        byte[] file = gzip(bytes(""), bytes("{\"user_id\":\"u1\"}\n"), 17 * 200_000);

        assertEquals(200_000, readAll("users.jsonl.gz", new ByteArrayInputStream(file), SMALL).size());
    }

    @Test
    void theChunkScanStopsAtARecordOverTheLimitAndNamesItsLine() {
        InputFormatException error = assertThrows(InputFormatException.class,
                () -> RecordBoundaries.scan(endless("user_id\r\nu1\r\n\"a\nb\"", "c"), InputFormat.CSV, Optional.empty(), 1 << 16, SMALL));

        assertEquals(3, error.line());
        assertTrue(error.getMessage().contains("at line 3: a record is longer than"), error.getMessage());
    }

    @Test
    void theChunkScanTakesALoneCrFileOfShortLinesAsShortRecords() throws IOException {
        byte[] file = bytes("user_id\r" + "u1\r".repeat(1 << 20));

        List<Chunk> chunks = RecordBoundaries.scan(new ByteArrayInputStream(file), InputFormat.CSV, Optional.empty(), 1 << 16, SMALL);

        assertEquals(1, chunks.size(), "no cut point in a lone-CR file");
    }

    @Test
    void aChunkReaderKeepsTheSameLimitsAndNamesTheLineInTheWholeFile() {
        Chunk chunk = new Chunk(1, 1000, Long.MAX_VALUE, 40);

        InputFormatException error = assertThrows(InputFormatException.class, () -> read(RowReaders.openChunk("big.csv",
                endless("u1,a\nu2,", "x"), chunk, Optional.of(List.of("user_id", "notes")),
                Optional.of(new CsvDialect(",", "\"", true, "utf-8", false, List.of())), SMALL)));

        assertEquals(41, error.line());
        assertTrue(error.getMessage().contains("max-record-bytes"), error.getMessage());
    }

    @Test
    void theDefaultsGrowWithTheHeapWithinTheirBounds() {
        InputLimits small = InputLimits.forHeap(64L << 20);
        InputLimits splitter = InputLimits.forHeap(1L << 30);

        assertEquals(new InputLimits(4L << 20, 256, 1L << 30), small);
        assertEquals(new InputLimits(64L << 20, 2048, 8L << 30), splitter);
        assertEquals(1L << 30, InputLimits.forHeap(64L << 30).maxRecordBytes(), "a record never over 1 GiB");
        assertEquals(new InputLimits(1000, 2048, 8L << 30),
                splitter.with(Optional.of(1000L), Optional.empty(), Optional.empty()), "a setting replaces its default");
    }

    @Test
    void aLimitBelowOneIsRefusedNamingItsSetting() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SMALL.with(Optional.empty(), Optional.of(0), Optional.empty()));

        assertEquals("profile-sync.input.max-columns must be at least 1, not 0", error.getMessage());
    }

    private static List<SourceRow> readAll(String name, InputStream in, InputLimits limits) throws IOException {
        return read(RowReaders.open(name, in, limits));
    }

    private static List<SourceRow> read(RowReader reader) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (reader) {
            for (var row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    /** {@code head}, then {@code tail} again and again, for ever. */
    private static InputStream endless(String head, String tail) {
        byte[] first = bytes(head);
        byte[] repeated = bytes(tail);
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte b = position < first.length ? first[(int) position]
                        : repeated[(int) ((position - first.length) % repeated.length)];
                position++;
                return b & 0xFF;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    bytes[offset + i] = (byte) read();
                }
                return length;
            }
        };
    }

    /** A gzip file of {@code head} and then {@code repeated} until {@code bytes} bytes. */
    private static byte[] gzip(byte[] head, byte[] repeated, int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(head);
            byte[] block = new byte[repeated.length * 4096];
            for (int i = 0; i < 4096; i++) {
                System.arraycopy(repeated, 0, block, i * repeated.length, repeated.length);
            }
            for (int written = 0; written < bytes; written += block.length) {
                gzip.write(block, 0, Math.min(block.length, bytes - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
