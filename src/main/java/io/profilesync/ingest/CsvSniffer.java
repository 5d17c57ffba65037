package io.profilesync.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides a CSV file's delimiter, quote and header from its first bytes, the way DuckDB's sniffer does
 * (https://duckdb.org/docs/stable/data/csv/auto_detection):
 * <ul>
 * <li><b>dialect</b>: the sample is read with each candidate delimiter ({@code , | ; tab}, in DuckDB's order) and
 *     quote ({@code "} then {@code '}); the candidate whose records most consistently have as many fields as the
 *     first, with the most fields, wins (a candidate giving one field per record only wins when all do). A quote
 *     other than {@code "} is only a candidate where it opens a field in the sample. A candidate whose records end
 *     in more than one kind of line break loses to one whose records do not (see {@link Candidate#betterThan}).
 * <li><b>header</b>: each column's type is read off the records after the first (boolean, integer, decimal, date,
 *     timestamp, else text, as DuckDB's ladder has them); the first record is a header unless every one of its
 *     values fits its column's type and some column is not text. As DuckDB does, a file of text columns only is
 *     taken to have a header.
 * </ul>
 * What the mapping's {@code csv:} block or the file name ({@code .tsv}) set is not sniffed.
 */
final class CsvSniffer {

    /** Bytes sniffed: a few hundred records of a customer export. */
    static final int SAMPLE_BYTES = 1 << 16;
    private static final char[] DELIMITERS = {',', '|', ';', '\t'};
    private static final char[] QUOTES = {'"', '\''};
    private static final int MAX_RECORDS = 1_000;

    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    /** No leading zero: {@code 007} is text to DuckDB's sniffer, and identifiers and postcodes are. */
    private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]{0,17})");
    /** Each rung holds the ones below it that a value of it could be cast from (an integer is a decimal). */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[-+][0-9]{2}:?[0-9]{2})?)?");
    private static final List<Pattern> LADDER = List.of(BOOLEAN, INTEGER, DECIMAL, DATE, TIMESTAMP);
    private static final int TEXT = LADDER.size();

    private CsvSniffer() {
    }

    /**
     * @param sample the file's first bytes as UTF-8, after any byte-order mark
     * @param whole whether the sample is the whole file (else its last record may be cut)
     * @param settings what the mapping sets
     * @param tabByName whether the file's name says it is tab-separated
     * @param encoding the encoding the file is read in
     */
    static CsvDialect sniff(byte[] sample, boolean whole, CsvSettings settings, boolean tabByName, Encoding encoding,
            boolean bom) {
        List<String> sniffed = new ArrayList<>();
        char[] delimiters = settings.delimiterChar().map(c -> new char[] {c})
                .orElse(tabByName ? new char[] {'\t'} : DELIMITERS);
        char[] quotes = settings.quoteChar().map(c -> new char[] {c}).orElse(QUOTES);
        Candidate best = null;
        for (char quote : quotes) {
            for (char delimiter : delimiters) {
                if (delimiter == quote) {
                    continue;
                }
                Candidate candidate = read(sample, whole, new CsvDialect(String.valueOf(delimiter),
                        String.valueOf(quote), true, encoding.setting(), bom, List.of()));
                boolean quoteUsed = quote == quotes[0] || candidate.quotedFields > 0;
                if (quoteUsed && (best == null || candidate.betterThan(best))) {
                    best = candidate;
                }
            }
        }
        if (delimiters.length > 1) {
            sniffed.add("delimiter");
        }
        if (quotes.length > 1) {
            sniffed.add("quote");
        }
        boolean header = settings.header() != null ? settings.header() : hasHeader(best.records);
        if (settings.header() == null) {
            sniffed.add("header");
        }
        return new CsvDialect(best.dialect.delimiter(), best.dialect.quote(), header, encoding.setting(), bom, sniffed);
    }

    /** A candidate dialect and what it made of the sample. */
    private record Candidate(CsvDialect dialect, List<List<String>> records, boolean unreadable, long quotedFields,
            boolean mixedLineBreaks) {

        int columns() {
            return records.isEmpty() ? 0 : records.get(0).size();
        }

        long consistent() {
            return records.stream().filter(fields -> fields.size() == columns()).count();
        }

        /**
         * Several columns over one; then readable records, records ended by one kind of line break, consistent
         * records, more columns; earlier candidates win ties. DuckDB's sniffer (strict mode, its default) drops a
         * candidate whose records end in a lone CR in a CRLF or LF file: DuckDB 1.5.6 reads
         * {@code c0<TAB>c1 CRLF a<TAB>" CR x<TAB>" CRLF b<TAB>'q' CRLF} with {@code "} although {@code '} gives
         * more consistent records, and cannot read it at all with {@code '} as the quote. No DuckDB page states
         * this rule: observed, unconfirmed (docs/input-files.md, "The sniffer").
         */
        boolean betterThan(Candidate other) {
            if ((columns() > 1) != (other.columns() > 1)) {
                return columns() > 1;
            }
            if (unreadable != other.unreadable) {
                return !unreadable;
            }
            if (mixedLineBreaks != other.mixedLineBreaks) {
                return !mixedLineBreaks;
            }
            if (consistent() != other.consistent()) {
                return consistent() > other.consistent();
            }
            return columns() > other.columns();
        }
    }

    private static Candidate read(byte[] sample, boolean whole, CsvDialect dialect) {
        CsvRecords records = new CsvRecords(new ByteArrayInputStream(sample), dialect, 0, 0,
                CsvRowReader.MAX_FIELD_CHARS, InputLimits.forThisHeap(), Math.max(sample.length, 1));
        List<List<String>> read = new ArrayList<>();
        boolean unreadable = false;
        try {
            while (read.size() < MAX_RECORDS) {
                List<String> fields = new ArrayList<>();
                if (records.read(fields, Integer.MAX_VALUE - 8, "") < 0) {
                    break;
                }
                read.add(fields);
            }
            if (!whole && read.size() < MAX_RECORDS && !read.isEmpty()) {
                // the sample's end may cut its last record
                read.remove(read.size() - 1);
            }
        } catch (CsvRecords.UnreadableException | IOException e) {
            // a sample cut inside a quoted field ends in an open quote: only a whole file is unreadable so
            unreadable = whole;
        }
        return new Candidate(dialect, read, unreadable, records.quotedFields(), records.mixedLineBreaks());
    }

    /** DuckDB's header rule: the first record is data only if each value fits its column's type, not all text. */
    private static boolean hasHeader(List<List<String>> records) {
        if (records.size() < 2) {
            return true;
        }
        List<String> first = records.get(0);
        // -1: no value yet (a column of blanks only is text, as DuckDB's column of nulls is VARCHAR)
        int[] types = new int[first.size()];
        Arrays.fill(types, -1);
        for (List<String> record : records.subList(1, records.size())) {
            for (int column = 0; column < types.length && column < record.size(); column++) {
                if (!record.get(column).isBlank()) {
                    types[column] = rung(record.get(column), Math.max(types[column], 0));
                }
            }
        }
        boolean typed = false;
        for (int column = 0; column < types.length; column++) {
            if (types[column] < 0 || types[column] == TEXT) {
                continue;
            }
            typed = true;
            if (!first.get(column).isBlank() && rung(first.get(column), types[column]) > types[column]) {
                return true;
            }
        }
        return !typed;
    }

    /** The first rung of the ladder, from {@code from}, that {@code value} (not blank) fits. */
    private static int rung(String value, int from) {
        String text = value.strip();
        for (int rung = from; rung < TEXT; rung++) {
            if (LADDER.get(rung).matcher(text).matches()) {
                return rung;
            }
        }
        return TEXT;
    }
}
