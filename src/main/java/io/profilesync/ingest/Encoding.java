package io.profilesync.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The encodings a CSV file may be read in (the mapping's {@code csv.encoding}). UTF-8 is read as it is; the others
 * are transcoded to UTF-8 as they stream ({@link Transcoded}).
 */
enum Encoding {
    UTF_8("utf-8", "UTF-8", StandardCharsets.UTF_8, "utf8"),
    /** UTF-16 in the byte order its byte-order mark gives; a file without one is refused. */
    UTF_16("utf-16", "UTF-16", null, "utf16"),
    UTF_16LE("utf-16le", "UTF-16LE", StandardCharsets.UTF_16LE, "utf16le"),
    UTF_16BE("utf-16be", "UTF-16BE", StandardCharsets.UTF_16BE, "utf16be"),
    WINDOWS_1252("windows-1252", "Windows-1252", SingleByteCharset.WINDOWS_1252, "cp1252"),
    ISO_8859_1("iso-8859-1", "ISO-8859-1", StandardCharsets.ISO_8859_1, "latin1", "latin-1");

    /** The settings {@code csv.encoding} accepts, for its messages. */
    static final String SETTINGS = "utf-8, utf-16, utf-16le, utf-16be, windows-1252 or iso-8859-1";

    private final String setting;
    private final String displayName;
    private final Charset charset;
    private final String[] aliases;

    Encoding(String setting, String displayName, Charset charset, String... aliases) {
        this.setting = setting;
        this.displayName = displayName;
        this.charset = charset;
        this.aliases = aliases;
    }

    String setting() {
        return setting;
    }

    /**
     * The one line a file not valid in this encoding is refused with.
     *
     * @param offset the offset in the file of the first byte that is not
     */
    String refusal(long offset) {
        return "the file is not valid " + displayName + " at byte " + offset + ": set the mapping's csv.encoding setting"
                + " to the file's encoding (" + SETTINGS + ")";
    }

    /** The charset bytes are decoded with; null for {@link #UTF_16}, whose byte-order mark decides. */
    Charset charset() {
        return charset;
    }

    /** Whether a file in this encoding can be cut at any byte that ends a line: its line breaks are single bytes. */
    boolean singleByteLineBreaks() {
        return this == UTF_8 || this == WINDOWS_1252 || this == ISO_8859_1;
    }

    static Optional<Encoding> ofSetting(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(encoding -> encoding.setting.equals(lower) || Arrays.asList(encoding.aliases).contains(lower))
                .findFirst();
    }
}
