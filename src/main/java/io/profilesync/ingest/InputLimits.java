package io.profilesync.ingest;

import java.util.Optional;

/**
 * How much of a file one record may take, so that a hostile file (a gzip bomb, one line of gigabytes, a record of
 * millions of fields) ends as a plain file error in bounded memory and time instead of running the function out of
 * memory. Each limit is checked as it is crossed: reading stops there, before the record is held.
 *
 * @param maxRecordBytes a CSV record's bytes (a quoted field's line breaks included), a JSON line's bytes
 * @param maxColumns a CSV header's columns; a record may hold this many fields more than its header (a record with
 *     a few more or fewer is a rejected row, as any record whose fields do not match the header)
 * @param maxInflatedBytes what a gzip file may inflate to
 */
public record InputLimits(long maxRecordBytes, int maxColumns, long maxInflatedBytes) {

    /** The settings that change them (docs/input.md, "Input files", "Limits"). */
    static final String RECORD_BYTES_SETTING = "profile-sync.input.max-record-bytes";
    static final String COLUMNS_SETTING = "profile-sync.input.max-columns";
    static final String INFLATED_BYTES_SETTING = "profile-sync.input.max-inflated-bytes";

    public InputLimits {
        positive(maxRecordBytes, RECORD_BYTES_SETTING);
        positive(maxColumns, COLUMNS_SETTING);
        positive(maxInflatedBytes, INFLATED_BYTES_SETTING);
    }

    private static void positive(long limit, String setting) {
        if (limit <= 0) {
            throw new IllegalArgumentException(setting + " must be at least 1, not " + limit);
        }
    }

    /**
     * The limits a heap of {@code maxMemory} bytes affords. A record of n bytes costs about 4n while it is read (its
     * field bytes, grown by doubling, and its strings), so a sixteenth of the heap keeps one well inside it; a column
     * costs every row in flight between the reader and the destinations' lanes (at most 4,608) a reference and a string,
     * so a column per 512 KiB of heap; a gzip file costs no memory as it inflates, only time, and time per byte
     * shrinks as Lambda's memory (and with it its CPU) grows: 8 bytes inflated per byte of heap, 8 GiB for the
     * splitter's 1 GiB heap, well inside 15 minutes.
     */
    public static InputLimits forHeap(long maxMemory) {
        return new InputLimits(clamp(maxMemory / 16, 1L << 20, 1L << 30), (int) clamp(maxMemory >> 19, 256, 65_536),
                Math.max(maxMemory * 8, 1L << 30));
    }

    /** The limits this JVM's heap affords. */
    public static InputLimits forThisHeap() {
        return forHeap(Runtime.getRuntime().maxMemory());
    }

    /** These limits, with the ones set replacing them. */
    public InputLimits with(Optional<Long> recordBytes, Optional<Integer> columns, Optional<Long> inflatedBytes) {
        return new InputLimits(recordBytes.orElse(maxRecordBytes), columns.orElse(maxColumns),
                inflatedBytes.orElse(maxInflatedBytes));
    }

    /** The most fields a record of a file whose header has {@code headerColumns} may hold. */
    int maxFields(int headerColumns) {
        return (int) Math.min(Integer.MAX_VALUE - 8L, (long) headerColumns + maxColumns);
    }

    String recordTooLong() {
        return "a record is longer than " + maxRecordBytes + " bytes (the limit " + RECORD_BYTES_SETTING + ")";
    }

    String tooManyColumns() {
        return "the header has more than " + maxColumns + " columns (the limit " + COLUMNS_SETTING + ")";
    }

    String tooManyFields(int headerColumns) {
        return "a record has more than " + maxFields(headerColumns) + " fields: the header's " + headerColumns + " and "
                + maxColumns + " more (the limit " + COLUMNS_SETTING + ")";
    }

    String inflatesTooFar() {
        return "the gzip file inflates to more than " + maxInflatedBytes + " bytes (the limit " + INFLATED_BYTES_SETTING
                + ")";
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
