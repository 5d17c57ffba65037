package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link CsvRecords} reads what Jackson's CSV parser (empty lines skipped, no escape character), which the splitter
 * used before, reads: the same records with the same fields, starting on the same lines, and the same inputs are
 * unreadable; whatever the input is cut into as it is read, in every dialect (delimiter {@code , ; tab |}, quote
 * {@code " '}), the other dialects' delimiters and quotes being text.
 */
class CsvRecordsProperties {

    private static final CsvFactory JACKSON = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    /** A record as read: its first line and its fields; or, as the last of a list, the input being unreadable. */
    private record Read(long line, List<String> fields) {
        static final Read UNREADABLE = new Read(-1, List.of());
    }

    @Property(tries = 5000)
    void recordsAreReadAsJacksonReadsThem(@ForAll("csvLike") String pattern, @ForAll("delimiters") char delimiter,
            @ForAll("quotes") char quote, @ForAll @IntRange(min = 1, max = 9) int bufferBytes,
            @ForAll @IntRange(min = 0, max = 3) int linesBefore) {
        // D and Q stand for the dialect's delimiter and quote; the other delimiters and quotes are text in it
        String text = pattern.replace('D', delimiter).replace('Q', quote);
        CsvDialect dialect = new CsvDialect(String.valueOf(delimiter), String.valueOf(quote), true, "utf-8", false, List.of());
        assertEquals(withJackson(text, dialect, linesBefore), withRecords(text, dialect, linesBefore, bufferBytes),
                () -> "dialect " + dialect.describe() + ", input: " + text.replace("\r", "\\r").replace("\n", "\\n")
                        .replace("\t", "\\t"));
    }

    @Provide
    Arbitrary<String> csvLike() {
        Arbitrary<String> pieces = Arbitraries.of("a", "bc", " ", "D", "Q", "QQ", "\n", "\r", "\r\n", "é", "日本", "\uD83D\uDE00",
                "\u0001", "xDQyQ\n", "QqD\r\nrQ", ",", ";", "\t", "|", "\"", "'", "Q,;\t|\"'\nQ");
        return pieces.list().ofMaxSize(24).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<Character> delimiters() {
        return Arbitraries.of(',', ';', '\t', '|');
    }

    @Provide
    Arbitrary<Character> quotes() {
        return Arbitraries.of('"', '\'');
    }

    private static List<Read> withRecords(String text, CsvDialect dialect, int linesBefore, int bufferBytes) {
        CsvRecords records = new CsvRecords(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), dialect,
                linesBefore, 0, CsvRowReader.MAX_FIELD_CHARS, InputLimits.forThisHeap(), bufferBytes);
        List<Read> read = new ArrayList<>();
        try {
            while (true) {
                List<String> fields = new ArrayList<>();
                long line = records.read(fields, Integer.MAX_VALUE - 8, "");
                if (line < 0) {
                    return read;
                }
                read.add(new Read(line, fields));
            }
        } catch (CsvRecords.UnreadableException | IOException e) {
            read.add(Read.UNREADABLE);
            return read;
        }
    }

    /** How CsvRowReader read records with Jackson. */
    private static List<Read> withJackson(String text, CsvDialect dialect, int linesBefore) {
        List<Read> read = new ArrayList<>();
        try (CsvParser parser = JACKSON.createParser(new StringReader(text))) {
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(dialect.delimiterChar())
                    .withQuoteChar(dialect.quoteChar()));
            while (parser.nextToken() != null) {
                List<String> fields = new ArrayList<>();
                long line = -1;
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    if (line < 0) {
                        line = parser.currentTokenLocation().getLineNr() + linesBefore;
                    }
                    fields.add(parser.getText());
                }
                read.add(new Read(line, fields));
            }
            return read;
        } catch (IOException e) {
            read.add(Read.UNREADABLE);
            return read;
        }
    }
}
