package io.profilesync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts an uncompressed input file into chunks of about a target size, each ending exactly after a record, by one
 * pass over its bytes. CSV is followed as RFC 4180 reads it in the file's dialect (its quote opens a quoted field only
 * at the start of a field, after its delimiter or spaces at the start of a record; inside one, a doubled quote is a
 * quote), so a line break inside a quoted field never ends a chunk. The file's encoding has single-byte line breaks
 * ({@link CsvDialect#splittable()}). Lines
 * are counted as the readers count them (LF, CRLF and a lone CR each end a line), so each chunk knows the line it
 * starts on. A chunk only ends after an LF: a file whose lines end in a lone CR stays one chunk. A record (a JSON
 * line) longer than {@link InputLimits#maxRecordBytes()} ends the scan with the error its reader would give.
 */
public final class RecordBoundaries {

    private static final int BUFFER = 1 << 16;

    private enum Csv { RECORD_START, FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private RecordBoundaries() {
    }

    /**
     * The chunks of a file; a file no larger than {@code targetBytes} is one chunk.
     *
     * @throws InputFormatException at the first record longer than the limit
     */
    /** @param dialect a CSV file's dialect (a comma and a double quote when empty; ignored for other formats) */
    public static List<Chunk> scan(InputStream in, InputFormat format, Optional<CsvDialect> dialect, long targetBytes,
            InputLimits limits) throws IOException {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, not " + targetBytes);
        }
        List<Chunk> chunks = new ArrayList<>();
        byte[] buffer = new byte[BUFFER];
        boolean csv = format == InputFormat.CSV;
        byte delimiter = (byte) dialect.map(CsvDialect::delimiterChar).orElse(',').charValue();
        byte quote = (byte) dialect.map(CsvDialect::quoteChar).orElse('"').charValue();
        Csv state = Csv.RECORD_START;
        long position = 0;
        long lines = 0;
        long chunkStart = 0;
        long chunkFirstLine = 1;
        boolean afterCr = false;
        long bomEnd = -1;
        long recordStart = 0;
        long recordLine = 1;
        for (int read = in.readNBytes(buffer, 0, BUFFER); read > 0; read = in.readNBytes(buffer, 0, BUFFER)) {
            if (position == 0 && read >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB
                    && (buffer[2] & 0xFF) == 0xBF) {
                bomEnd = 3;
            }
            for (int i = 0; i < read; i++, position++) {
                byte b = buffer[i];
                boolean recordEnd = false;
                if (b == '\n' || b == '\r') {
                    boolean outsideQuotes = !csv || state != Csv.QUOTED;
                    if (b == '\r' || !afterCr) {
                        lines++;
                    }
                    recordEnd = b == '\n' && outsideQuotes;
                    if (outsideQuotes) {
                        // a line break outside quotes ends a record (or a blank line): its bytes are checked here, and
                        // those of a record still open at the end of each buffer below
                        if (position - recordStart > limits.maxRecordBytes()) {
                            throw tooLong(format, recordLine, limits);
                        }
                        recordStart = position + 1;
                        recordLine = lines + 1;
                    }
                }
                afterCr = b == '\r';
                if (csv && position >= bomEnd) {
                    state = next(state, b, delimiter, quote);
                }
                if (recordEnd && position + 1 - chunkStart >= targetBytes) {
                    chunks.add(new Chunk(chunks.size(), chunkStart, position + 1, chunkFirstLine));
                    chunkStart = position + 1;
                    chunkFirstLine = lines + 1;
                }
            }
            if (position - recordStart > limits.maxRecordBytes()) {
                throw tooLong(format, recordLine, limits);
            }
        }
        if (position > chunkStart || chunks.isEmpty()) {
            chunks.add(new Chunk(chunks.size(), chunkStart, position, chunkFirstLine));
        }
        return chunks;
    }

    private static InputFormatException tooLong(InputFormat format, long line, InputLimits limits) {
        return new InputFormatException(line, "unreadable " + (format == InputFormat.CSV ? "CSV" : "input") + " at line "
                + line + ": " + limits.recordTooLong());
    }

    /** Jackson's CSV reading (no escape character), as far as record ends go. */
    private static Csv next(Csv state, byte b, byte delimiter, byte quote) {
        boolean lineBreak = b == '\n' || b == '\r';
        return switch (state) {
            // spaces and blank lines before a record are skipped, so a quote after them opens its first field
            case RECORD_START -> lineBreak || b == ' ' ? Csv.RECORD_START : fieldStart(b, delimiter, quote);
            case FIELD_START -> lineBreak ? Csv.RECORD_START : fieldStart(b, delimiter, quote);
            case UNQUOTED -> lineBreak ? Csv.RECORD_START : b == delimiter ? Csv.FIELD_START : Csv.UNQUOTED;
            case QUOTED -> b == quote ? Csv.QUOTE_IN_QUOTED : Csv.QUOTED;
            // after a closing quote only spaces may come before the separator or the line's end (else the file is unreadable)
            case QUOTE_IN_QUOTED -> b == quote ? Csv.QUOTED : lineBreak ? Csv.RECORD_START
                    : b == delimiter ? Csv.FIELD_START : Csv.QUOTE_IN_QUOTED;
        };
    }

    private static Csv fieldStart(byte b, byte delimiter, byte quote) {
        return b == quote ? Csv.QUOTED : b == delimiter ? Csv.FIELD_START : Csv.UNQUOTED;
    }
}
