package io.profilesync.ingest;

import java.util.Optional;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A mapping's {@code csv:} block: what it says of its files' dialect, each setting overriding what the sniffer
 * ({@link CsvSniffer}) or the file name would decide; absent settings are left to them.
 *
 * @param delimiter one ASCII character ({@code tab} or {@code \t} for a tab)
 * @param quote one ASCII character
 * @param encoding one of {@link Encoding#SETTINGS}
 * @param header whether the first record names the columns
 */
@RegisterForReflection
public record CsvSettings(String delimiter, String quote, String encoding, Boolean header) {

    public static final CsvSettings NONE = new CsvSettings(null, null, null, null);

    /** What is wrong with these settings, naming the setting; empty when they can be read. */
    public Optional<String> problem() {
        if (delimiter != null && delimiterChar().isEmpty()) {
            return Optional.of("csv.delimiter must be one ASCII character other than a space or a line break (or tab),"
                    + " not '" + delimiter + "'");
        }
        if (quote != null && quoteChar().isEmpty()) {
            return Optional.of("csv.quote must be one ASCII character other than a line break, not '" + quote + "'");
        }
        if (delimiter != null && quote != null && delimiterChar().equals(quoteChar())) {
            return Optional.of("csv.delimiter and csv.quote must differ, not both '" + quote + "'");
        }
        if (encoding != null && Encoding.ofSetting(encoding).isEmpty()) {
            return Optional.of("csv.encoding must be " + Encoding.SETTINGS + ", not '" + encoding + "'");
        }
        return Optional.empty();
    }

    /** The delimiter set, once {@link #problem()} has found none. */
    Optional<Character> delimiterChar() {
        if (delimiter == null) {
            return Optional.empty();
        }
        if (delimiter.equals("tab") || delimiter.equals("\\t")) {
            return Optional.of('\t');
        }
        // a space would be skipped before a record's first field (CsvRecords)
        return ascii(delimiter).filter(c -> c != ' ');
    }

    Optional<Character> quoteChar() {
        return quote == null ? Optional.empty() : ascii(quote);
    }

    Optional<Encoding> declaredEncoding() {
        return encoding == null ? Optional.empty() : Encoding.ofSetting(encoding);
    }

    private static Optional<Character> ascii(String value) {
        return value.length() == 1 && value.charAt(0) < 0x80 && value.charAt(0) != '\n' && value.charAt(0) != '\r'
                ? Optional.of(value.charAt(0)) : Optional.empty();
    }
}
