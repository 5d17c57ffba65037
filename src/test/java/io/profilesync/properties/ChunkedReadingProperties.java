package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.profilesync.ingest.Chunk;
import io.profilesync.ingest.CsvDialect;
import io.profilesync.ingest.CsvSettings;
import io.profilesync.ingest.InputFormat;
import io.profilesync.ingest.InputLimits;
import io.profilesync.ingest.InputFormatException;
import io.profilesync.ingest.RecordBoundaries;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.RowReaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A file read in chunks gives exactly what it gives read whole: the same records, values, line numbers, broken
 * records and file-level errors, whatever the chunk size. The files are raw text, not a writer's output: quoted
 * fields with line breaks (LF, CRLF, a lone CR) and doubled quotes, stray quotes in unquoted fields, blank lines,
 * a byte order mark, wrong field counts; in every dialect (delimiter and quote sniffed or set by the mapping) and in
 * UTF-8 or a declared Windows-1252.
 */
class ChunkedReadingProperties {

    @Property(tries = 600)
    void aCsvFileReadInChunksReadsAsAWhole(@ForAll("csvFiles") String file, @ForAll @IntRange(min = 1, max = 120) int chunkBytes,
            @ForAll("delimiters") char delimiter, @ForAll("quotes") char quote, @ForAll boolean declared,
            @ForAll boolean windows1252) throws IOException {
        String text = file.replace(',', delimiter).replace('"', quote);
        Charset charset = windows1252 ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
        CsvSettings settings = new CsvSettings(declared ? String.valueOf(delimiter) : null,
                declared ? String.valueOf(quote) : null, windows1252 ? "windows-1252" : null, null);
        assertChunksReadAsWhole("file.csv", InputFormat.CSV, (windows1252 ? text.replace("\uFEFF", "") : text).getBytes(charset),
                settings, chunkBytes);
    }

    @Provide
    Arbitrary<Character> delimiters() {
        return Arbitraries.of(',', ';', '\t', '|');
    }

    @Provide
    Arbitrary<Character> quotes() {
        return Arbitraries.of('"', '\'');
    }

    @Property(tries = 200)
    void aJsonLinesFileReadInChunksReadsAsAWhole(@ForAll("jsonLinesFiles") String file,
            @ForAll @IntRange(min = 1, max = 120) int chunkBytes) throws IOException {
        assertChunksReadAsWhole("file.jsonl", InputFormat.JSON_LINES, file.getBytes(StandardCharsets.UTF_8), CsvSettings.NONE,
                chunkBytes);
    }

    private static void assertChunksReadAsWhole(String name, InputFormat format, byte[] bytes, CsvSettings settings,
            int chunkBytes) throws IOException {
        List<String> whole = new ArrayList<>();
        RowReader opened = RowReaders.open(name, new ByteArrayInputStream(bytes), settings, InputLimits.forThisHeap());
        Optional<CsvDialect> dialect = opened.dialect();
        Optional<List<String>> header = read(opened, whole);

        List<Chunk> chunks = RecordBoundaries.scan(new ByteArrayInputStream(bytes), format, dialect, chunkBytes, InputLimits.forThisHeap());
        assertEquals(0, chunks.get(0).start());
        assertEquals(bytes.length, chunks.get(chunks.size() - 1).end());
        List<String> chunked = new ArrayList<>();
        for (Chunk chunk : chunks) {
            assertTrue(chunk.index() == 0 || chunk.start() == chunks.get(chunk.index() - 1).end(), "chunks are contiguous");
            byte[] range = Arrays.copyOfRange(bytes, (int) chunk.start(), (int) chunk.end());
            try {
                read(RowReaders.openChunk(name, new ByteArrayInputStream(range), chunk, header, dialect, InputLimits.forThisHeap()),
                        chunked);
            } catch (InputFormatException e) {
                chunked.add("error at line " + e.line() + ": " + e.getMessage());
            }
            if (!chunked.isEmpty() && chunked.get(chunked.size() - 1).startsWith("error")) {
                break;
            }
        }
        assertEquals(whole, chunked, "file [" + new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r")
                .replace("\n", "\\n") + "], dialect " + dialect.map(CsvDialect::describe) + ", chunks " + chunks);
    }

    /** Reads every record as text into {@code into} (a file-level error as its last entry); answers the header. */
    private static Optional<List<String>> read(RowReader opened, List<String> into) throws IOException {
        Optional<List<String>> header = Optional.empty();
        try (RowReader reader = opened) {
            header = reader.header();
            for (var row = reader.next(); row.isPresent(); row = reader.next()) {
                into.add(row.get().line() + " " + Arrays.toString(row.get().values()) + " " + row.get().structured() + " " + row.get().problem());
            }
        } catch (InputFormatException e) {
            into.add("error at line " + e.line() + ": " + e.getMessage());
        }
        return header;
    }

    @Provide
    Arbitrary<String> csvFiles() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'e').withChars(' ', 'é', '€', '"', ';', '|', '\'')
                .ofMaxLength(5);
        Arbitrary<String> quoted = Arbitraries.strings().withCharRange('a', 'c')
                .withChars(',', '\n', '\r', ' ').ofMaxLength(6)
                .map(text -> "\"" + text.replace("x", "\"\"") + "\"")
                .flatMap(text -> Arbitraries.of(text, text.replace("b", "\"\"")));
        Arbitrary<String> field = Arbitraries.oneOf(plain, quoted);
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\n\n", "\r\n\r\n");
        Arbitrary<String> record = field.list().ofMinSize(1).ofMaxSize(4).map(fields -> String.join(",", fields));
        Arbitrary<String> line = net.jqwik.api.Combinators.combine(record, end).as(String::concat);
        return net.jqwik.api.Combinators.combine(Arbitraries.of("", "\uFEFF"), Arbitraries.of("a,b,c\n", "a,b,c\r\n", "\"a\",b,c\n"),
                line.list().ofMaxSize(12), Arbitraries.of("", "a,b,c", "\"open"))
                .as((bom, header, lines, tail) -> bom + header + String.join("", lines) + tail);
    }

    @Provide
    Arbitrary<String> jsonLinesFiles() {
        Arbitrary<String> object = Arbitraries.strings().withCharRange('a', 'c').ofMaxLength(4)
                .map(value -> "{\"email\":\"" + value + "@x.io\",\"n\":[1,2]}");
        Arbitrary<String> line = Arbitraries.oneOf(object, Arbitraries.of("", "not json", "[1]", "{\"a\":\"\\n\"}"));
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n");
        return net.jqwik.api.Combinators.combine(line, end).as(String::concat).list().ofMaxSize(12)
                .map(lines -> String.join("", lines));
    }
}
