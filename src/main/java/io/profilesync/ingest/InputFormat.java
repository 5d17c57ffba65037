package io.profilesync.ingest;

import java.util.Locale;
import java.util.Optional;

/** The formats a dropped file can have, recognised by its name ({@code .tsv} is CSV with tabs). */
public enum InputFormat {
    CSV, JSON_LINES, PARQUET;

    /** The format of a file name, looking through a trailing {@code .gz}. */
    public static Optional<InputFormat> ofFileName(String name) {
        String lower = stripGzip(name.toLowerCase(Locale.ROOT));
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
            return Optional.of(CSV);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return Optional.of(JSON_LINES);
        }
        if (lower.endsWith(".parquet")) {
            return Optional.of(PARQUET);
        }
        return Optional.empty();
    }

    /** Whether the name says the file is tab-separated ({@code .tsv}, {@code .tsv.gz}). */
    static boolean isTabSeparated(String name) {
        return stripGzip(name.toLowerCase(Locale.ROOT)).endsWith(".tsv");
    }

    public static boolean isGzip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String stripGzip(String lower) {
        return lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
    }
}
