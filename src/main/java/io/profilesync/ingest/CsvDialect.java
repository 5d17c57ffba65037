package io.profilesync.ingest;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a CSV file is read, decided once per file before its first record (a file split in chunks keeps it in its
 * plan, so every chunk reads the same way).
 *
 * @param delimiter the character between fields
 * @param quote the character that opens and closes a quoted field (doubled inside it for itself)
 * @param header whether the first record names the columns; without one they are named {@code column0},
 *     {@code column1}, ... as DuckDB names them
 * @param encoding the {@code csv.encoding} setting the file is read in
 * @param bom whether the file starts with a byte-order mark
 * @param sniffed the settings the sniffer decided ({@code delimiter}, {@code quote}, {@code header}); the others
 *     came from the mapping, the file name ({@code .tsv}) or a byte-order mark, or are the defaults
 */
@RegisterForReflection
public record CsvDialect(String delimiter, String quote, boolean header, String encoding, boolean bom,
        List<String> sniffed) {

    public CsvDialect {
        sniffed = sniffed == null ? List.of() : List.copyOf(sniffed);
    }

    char delimiterChar() {
        return delimiter.charAt(0);
    }

    char quoteChar() {
        return quote.charAt(0);
    }

    Encoding readEncoding() {
        return Encoding.ofSetting(encoding).orElseThrow();
    }

    /** Whether the file can be cut in chunks at byte offsets: its line breaks are single bytes. */
    public boolean splittable() {
        return readEncoding().singleByteLineBreaks();
    }

    /** This dialect, with one more setting the sniffer decided. */
    CsvDialect withSniffed(String setting) {
        List<String> more = new java.util.ArrayList<>(sniffed);
        more.add(setting);
        return new CsvDialect(delimiter, quote, header, encoding, bom, more);
    }

    /** For people: {@code delimiter ';', quote '"', header row, UTF-8 with byte-order mark (sniffed: delimiter)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("delimiter " + (delimiter.equals("\t") ? "tab" : "'" + delimiter + "'"));
        parts.add("quote '" + quote + "'");
        parts.add(header ? "header row" : "no header row");
        parts.add(encoding + (bom ? " with byte-order mark" : ""));
        return String.join(", ", parts) + (sniffed.isEmpty() ? "" : " (sniffed: " + String.join(", ", sniffed) + ")");
    }
}
