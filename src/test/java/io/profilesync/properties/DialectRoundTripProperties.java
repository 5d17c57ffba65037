package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import io.profilesync.ingest.CsvDialect;
import io.profilesync.ingest.CsvSettings;
import io.profilesync.ingest.InputLimits;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.RowReaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any table, written as a CSV writer writes it in any dialect (delimiter {@code , ; tab |}, quote {@code " '}) and
 * encoding (UTF-8 with or without its byte-order mark, UTF-16 LE/BE with theirs, Windows-1252 and ISO-8859-1
 * declared), reads back as the same values; and with the delimiter, quote and header left to the sniffer, a table of
 * two or more columns is read with the delimiter it was written with, to the same values.
 */
class DialectRoundTripProperties {

    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    /** A file's encoding: its charset, its byte-order mark, and the {@code csv.encoding} it needs (null: none). */
    private record Encoding(String name, Charset charset, byte[] bom, String setting, String alphabet) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Property(tries = 600)
    void aTableWrittenInAnyDialectAndEncodingReadsBack(@ForAll("tables") List<List<String>> table,
            @ForAll("delimiters") char delimiter, @ForAll("quotes") char quote, @ForAll("encodings") Encoding encoding)
            throws IOException {
        List<List<String>> values = fitted(table, encoding.alphabet());
        byte[] file = encoded(write(values, delimiter, quote), encoding);
        CsvSettings settings = new CsvSettings(String.valueOf(delimiter), String.valueOf(quote), encoding.setting(), true);

        assertEquals(escaped(values), escaped(read(file, settings)), () -> "dialect " + delimiter + quote + ", " + encoding);
    }

    @Property(tries = 400)
    void theSnifferFindsTheDelimiterATableWasWrittenWith(@ForAll("tables") List<List<String>> table,
            @ForAll("delimiters") char delimiter, @ForAll("encodings") Encoding encoding) throws IOException {
        // the other candidates' delimiters are left out of the values: a value holding as many of one as a record has
        // fields would make that delimiter as consistent, and the sniffer could rightly choose it
        String others = new String(DELIMITERS).replace(String.valueOf(delimiter), "");
        List<List<String>> values = withoutAmbiguousQuotes(fitted(table, encoding.alphabet()).stream()
                .map(row -> row.stream().map(value -> value.replaceAll("[" + others.replace("|", "\\|") + "]", "x")).toList())
                .toList());
        net.jqwik.api.Assume.that(values.get(0).size() > 1);
        byte[] file = encoded(write(values, delimiter, '"'), encoding);
        CsvSettings settings = new CsvSettings(null, null, encoding.setting(), null);

        try (RowReader reader = RowReaders.open("file.csv", new ByteArrayInputStream(file), settings, InputLimits.forThisHeap())) {
            CsvDialect dialect = reader.dialect().orElseThrow();
            assertEquals(String.valueOf(delimiter), dialect.delimiter());
            assertEquals(List.of("delimiter", "quote", "header"), dialect.sniffed());
        }
        assertEquals(escaped(values), escaped(read(file, settings)));
    }

    /**
     * The table, but if a value holds a CRLF, with {@code '} replaced where it would open a field (a value's start, or
     * after a delimiter or a line break in it). Read with {@code '} as the quote, such a file's CRLF inside
     * {@code "}-quotes ends records as its rows' CRLFs do, and can give more consistent records than {@code "}: DuckDB
     * reads it with {@code '} too (CsvDialectsTest, docs/input-files.md "The sniffer"). A lone CR or LF in a value
     * needs no such care: read with {@code '}, it would mix kinds of line break, and the sniffer drops that reading.
     */
    private static List<List<String>> withoutAmbiguousQuotes(List<List<String>> table) {
        if (table.stream().flatMap(List::stream).noneMatch(value -> value.contains("\r\n"))) {
            return table;
        }
        return table.stream()
                .map(row -> row.stream().map(value -> value.replaceAll("(^|[,;\t|\r\n] *)'", "$1x")).toList())
                .toList();
    }

    /** The table as one line of text, so that a failure's message shows its line breaks. */
    private static String escaped(List<List<String>> table) {
        return table.toString().replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        // Z stands for a character outside the BMP (a surrogate pair)
        Arbitrary<String> value = Arbitraries.strings().withChars("ab zé€日Z,;\t|\"'\r\n").ofMaxLength(6)
                .map(text -> text.replace("Z", "\uD83D\uDE00"));
        return Arbitraries.integers().between(1, 5).flatMap(columns -> {
            Arbitrary<List<String>> row = Combinators.combine(
                    Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4),
                    value.list().ofSize(columns - 1)).as((key, rest) -> {
                        List<String> fields = new ArrayList<>(List.of(key));
                        fields.addAll(rest);
                        return fields;
                    });
            List<String> header = IntStream.range(0, columns).mapToObj(i -> "c" + i).toList();
            return row.list().ofMinSize(1).ofMaxSize(20).map(rows -> {
                List<List<String>> table = new ArrayList<>(List.of(header));
                table.addAll(rows);
                return table;
            });
        });
    }

    @Provide
    Arbitrary<Character> delimiters() {
        return Arbitraries.of(',', ';', '\t', '|');
    }

    @Provide
    Arbitrary<Character> quotes() {
        return Arbitraries.of('"', '\'');
    }

    @Provide
    Arbitrary<Encoding> encodings() {
        String any = null;
        return Arbitraries.of(
                new Encoding("UTF-8", StandardCharsets.UTF_8, new byte[0], null, any),
                new Encoding("UTF-8 with its mark", StandardCharsets.UTF_8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, null, any),
                new Encoding("UTF-16LE with its mark", StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}, null, any),
                new Encoding("UTF-16BE with its mark", StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF}, null, any),
                new Encoding("UTF-16BE declared", StandardCharsets.UTF_16BE, new byte[0], "utf-16be", any),
                new Encoding("Windows-1252 declared", Charset.forName("windows-1252"), new byte[0], "windows-1252", "é€"),
                new Encoding("ISO-8859-1 declared", StandardCharsets.ISO_8859_1, new byte[0], "iso-8859-1", "é"));
    }

    /** The table with the characters an encoding cannot hold replaced ({@code alphabet}: its non-ASCII ones). */
    private static List<List<String>> fitted(List<List<String>> table, String alphabet) {
        if (alphabet == null) {
            return table;
        }
        return table.stream().map(row -> row.stream().map(value -> value.codePoints()
                .mapToObj(c -> c < 0x80 || alphabet.indexOf(c) >= 0 ? Character.toString(c) : "?")
                .reduce("", String::concat)).toList()).toList();
    }

    /** As a CSV writer writes: a value is quoted when it holds the delimiter, the quote or a line break, or starts with a space. */
    private static String write(List<List<String>> table, char delimiter, char quote) {
        StringBuilder text = new StringBuilder();
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                String value = row.get(i);
                boolean quoted = value.indexOf(delimiter) >= 0 || value.indexOf(quote) >= 0 || value.contains("\n")
                        || value.contains("\r") || value.startsWith(" ");
                text.append(i > 0 ? String.valueOf(delimiter) : "").append(quoted
                        ? quote + value.replace(String.valueOf(quote), "" + quote + quote) + quote : value);
            }
            text.append("\r\n");
        }
        return text.toString();
    }

    private static byte[] encoded(String text, Encoding encoding) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(encoding.bom());
        out.write(text.getBytes(encoding.charset()));
        return out.toByteArray();
    }

    /** The header and every row's values, as read. */
    private static List<List<String>> read(byte[] file, CsvSettings settings) throws IOException {
        List<List<String>> read = new ArrayList<>();
        try (RowReader reader = RowReaders.open("file.csv", new ByteArrayInputStream(file), settings, InputLimits.forThisHeap())) {
            read.add(reader.header().orElseThrow());
            for (var row = reader.next(); row.isPresent(); row = reader.next()) {
                read.add(row.get().problem() == null ? Arrays.asList(row.get().values()) : List.of(row.get().problem()));
            }
        }
        return read;
    }
}
