package io.profilesync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * CSV records read straight from UTF-8 bytes, in a dialect's delimiter and quote (each one ASCII byte), as Jackson's
 * CSV parser reads them with empty lines skipped and no escape character ({@code CsvRecordsProperties} holds the two
 * to the same records, lines and errors, in every dialect):
 * <ul>
 * <li>before a record, line breaks and spaces are skipped (so a record's leading spaces are not in its first field);
 * <li>a field that starts with a quote is quoted: it may hold separators, line breaks and doubled quotes, and after
 *     its closing quote only spaces and control characters may come before the separator or the line's end;
 * <li>LF, CRLF and a lone CR each end a line, inside quotes too.
 * </ul>
 * Parsing bytes rather than decoded characters saves a copy and a decoding per field: a field of ASCII bytes (most
 * of them) becomes a string by one copy, and only the others are decoded, strictly.
 */
final class CsvRecords {

    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final int delimiter;
    private final int quote;
    private final int maxFieldChars;
    private final long maxRecordBytes;
    private final String recordTooLong;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer;
    private int position;
    private int end;
    private boolean exhausted;
    /** Bytes of the input before the buffer's first. */
    private long bufferStart;
    /** The offset in the file of the input's first byte. */
    private final long bytesBefore;
    /** Where the record being read starts in the input; -1 between records. */
    private long recordStart = -1;
    /** The line {@link #position} is on, 1-based, counted from {@code linesBefore} + 1. */
    private long line;
    /** A field's bytes when they do not lie in the buffer as they are: across a refill, or with doubled quotes. */
    private byte[] field = new byte[256];
    private int fieldLength;
    /** Where the field being read starts in the input (its first byte after an opening quote), and if it is quoted. */
    private long fieldStart;
    private boolean fieldQuoted;
    private long quotedFields;
    /** The kinds of line break that ended lines outside quotes: {@link #CR}, {@link #LF}, {@link #CRLF}. */
    private int lineBreaks;
    private static final int CR = 1;
    private static final int LF = 2;
    private static final int CRLF = 4;

    /**
     * @param dialect its delimiter and quote (its encoding is the caller's: {@code in} is UTF-8)
     * @param linesBefore lines of the file before {@code in}'s first (a chunk starts on a later line than 1)
     * @param bytesBefore bytes of the file before {@code in}'s first (a byte-order mark, a chunk's start), for the
     *     offset of a byte that is not UTF-8
     * @param limits a record's bytes ({@link InputLimits#maxRecordBytes()}, checked as each buffer is refilled and
     *     at each field's end, so a longer record is never held whole)
     */
    CsvRecords(InputStream in, CsvDialect dialect, long linesBefore, long bytesBefore, int maxFieldChars,
            InputLimits limits) {
        this(in, dialect, linesBefore, bytesBefore, maxFieldChars, limits, BUFFER);
    }

    /** @param bufferBytes bytes read at a time (tests make fields and line breaks cross reads with a few) */
    CsvRecords(InputStream in, CsvDialect dialect, long linesBefore, long bytesBefore, int maxFieldChars,
            InputLimits limits, int bufferBytes) {
        this.in = in;
        this.delimiter = dialect.delimiterChar();
        this.quote = dialect.quoteChar();
        this.bytesBefore = bytesBefore;
        this.line = linesBefore + 1;
        this.maxFieldChars = maxFieldChars;
        this.maxRecordBytes = limits.maxRecordBytes();
        this.recordTooLong = limits.recordTooLong();
        this.buffer = new byte[bufferBytes];
    }

    /** A problem that makes the rest of the input unreadable, and the line of the record it is in. */
    static final class UnreadableException extends Exception {
        private final long line;

        UnreadableException(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    /**
     * Reads the next record's fields into {@code into}.
     *
     * @param maxFields the most fields the record may have; reading stops at the one after, with {@code tooMany}
     * @return the line the record starts on, or -1 at the end of the input
     */
    long read(List<String> into, int maxFields, String tooMany) throws IOException, UnreadableException {
        if (!skipToRecord()) {
            return -1;
        }
        long recordLine = line;
        recordStart = bufferStart + position;
        try {
            int after = delimiter;
            while (after == delimiter) {
                int first = next(recordLine);
                if (first < 0 || first == '\n' || first == '\r') {
                    into.add("");
                    after = first;
                } else {
                    after = first == quote ? quoted(into, recordLine) : unquoted(first, into, recordLine);
                }
                // at each field's end: a record of millions of empty fields is stopped before its list of them grows
                if (into.size() > maxFields) {
                    throw new UnreadableException(recordLine, tooMany);
                }
                checkRecordBytes(position, recordLine);
            }
            if (after >= 0) {
                endLine(after, recordLine);
            }
            return recordLine;
        } finally {
            recordStart = -1;
        }
    }

    /** Whether the record being read, up to {@code at} in the buffer, is within its limit. */
    private void checkRecordBytes(int at, long recordLine) throws UnreadableException {
        if (bufferStart + at - recordStart > maxRecordBytes) {
            throw new UnreadableException(recordLine, recordTooLong);
        }
    }

    /** Skips line breaks and spaces before a record; false at the end of the input. */
    private boolean skipToRecord() throws IOException, UnreadableException {
        while (available(0)) {
            byte b = buffer[position];
            if (b == '\n' || b == '\r') {
                position++;
                endLine(b, 0);
            } else if (b == ' ') {
                position++;
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * An unquoted field, whose first byte is read: up to a separator or a line break (which it answers, read) or
     * the end of the input (-1).
     */
    private int unquoted(int first, List<String> into, long recordLine) throws IOException, UnreadableException {
        if (first == delimiter) {
            into.add("");
            return delimiter;
        }
        fieldLength = 0;
        int start = position - 1;
        fieldStart = bufferStart + start;
        fieldQuoted = false;
        int signs = (byte) first;
        byte separator = (byte) delimiter;
        while (true) {
            byte[] bytes = buffer;
            int at = position;
            int stop = end;
            while (at < stop) {
                byte b = bytes[at];
                if (b == separator || b == '\n' || b == '\r') {
                    position = at + 1;
                    into.add(text(start, at, signs, recordLine));
                    return b;
                }
                signs |= b;
                at++;
            }
            keep(start, stop, recordLine);
            position = stop;
            start = 0;
            if (!refill(recordLine)) {
                into.add(text(0, 0, signs, recordLine));
                return -1;
            }
        }
    }

    /** A quoted field, its opening quote read: answers what ends it (as {@link #unquoted}) once its closing quote is read. */
    private int quoted(List<String> into, long recordLine) throws IOException, UnreadableException {
        fieldLength = 0;
        int start = position;
        fieldStart = bufferStart + start;
        fieldQuoted = true;
        quotedFields++;
        int signs = 0;
        boolean afterCr = false;
        byte closing = (byte) quote;
        while (true) {
            if (position == end) {
                keep(start, end, recordLine);
                if (!refill(recordLine)) {
                    throw new UnreadableException(recordLine, "Missing closing quote for value");
                }
                start = 0;
            }
            byte b = buffer[position++];
            if (b == closing) {
                keep(start, position - 1, recordLine);
                if (!available(recordLine) || buffer[position] != closing) {
                    break;
                }
                // of a doubled quote, the second is kept with the rest
                start = position++;
            } else if (b == '\r' || (b == '\n' && !afterCr)) {
                line++;
            }
            afterCr = b == '\r';
            signs |= b;
        }
        into.add(text(0, 0, signs, recordLine));
        return afterClosingQuote(recordLine);
    }

    private int afterClosingQuote(long recordLine) throws IOException, UnreadableException {
        while (true) {
            int b = next(recordLine);
            if (b < 0 || b == delimiter || b == '\n' || b == '\r') {
                return b;
            }
            if (b > ' ') {
                throw new UnreadableException(recordLine, "Unexpected character ('" + (char) b + "' (code " + b
                        + ")): Expected column separator character ('" + (char) delimiter + "' (code " + delimiter
                        + ")) or end-of-line");
            }
        }
    }

    /**
     * The field's text: the kept bytes followed by {@code [from, to)} of the buffer. ASCII bytes (no byte with its
     * sign bit in {@code signs}) are their own characters; others are decoded as UTF-8, and must be valid.
     */
    private String text(int from, int to, int signs, long recordLine) throws UnreadableException {
        byte[] bytes = buffer;
        int offset = from;
        int length = to - from;
        if (fieldLength > 0) {
            keep(from, to, recordLine);
            bytes = field;
            offset = 0;
            length = fieldLength;
        }
        if (signs >= 0) {
            if (length > maxFieldChars) {
                throw tooLong(recordLine);
            }
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        CharBuffer chars = CharBuffer.allocate(length);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CoderResult decoded = utf8.reset().decode(in, chars, true);
        if (decoded.isError()) {
            throw new UnreadableException(recordLine, Encoding.UTF_8.refusal(fileOffset(bytes, offset, in.position())));
        }
        String text = chars.flip().toString();
        if (text.length() > maxFieldChars) {
            throw tooLong(recordLine);
        }
        return text;
    }

    /**
     * The offset in the file of the field's byte at {@code at} of {@code bytes}, which hold its text from
     * {@code offset}: a quoted field's text holds one of each doubled quote.
     */
    private long fileOffset(byte[] bytes, int offset, int at) {
        long doubled = 0;
        for (int i = offset; fieldQuoted && i < at; i++) {
            doubled += bytes[i] == quote ? 1 : 0;
        }
        return bytesBefore + fieldStart + (at - offset) + doubled;
    }

    /** Adds {@code [from, to)} of the buffer to the field's kept bytes. */
    private void keep(int from, int to, long recordLine) throws UnreadableException {
        int length = to - from;
        if (length == 0) {
            return;
        }
        // a character is at most 3 bytes of UTF-8 (4 for two surrogates)
        if (fieldLength + (long) length > 3L * maxFieldChars) {
            throw tooLong(recordLine);
        }
        if (fieldLength + length > field.length) {
            field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLength + length));
        }
        System.arraycopy(buffer, from, field, fieldLength, length);
        fieldLength += length;
    }

    private UnreadableException tooLong(long recordLine) {
        return new UnreadableException(recordLine, "a field is longer than " + maxFieldChars + " characters");
    }

    /** Counts the line that {@code lineBreak}, just read, ends: a CR followed by an LF ends one line. */
    private void endLine(int lineBreak, long recordLine) throws IOException, UnreadableException {
        if (lineBreak == '\n') {
            lineBreaks |= LF;
        } else if (available(recordLine)) {
            // a CR that ends the input is not counted: a sample's end may cut a CRLF
            boolean crlf = buffer[position] == '\n';
            position += crlf ? 1 : 0;
            lineBreaks |= crlf ? CRLF : CR;
        }
        line++;
    }

    /** The next byte (0-255), or -1 at the end of the input. */
    private int next(long recordLine) throws IOException, UnreadableException {
        return available(recordLine) ? buffer[position++] & 0xFF : -1;
    }

    private boolean available(long recordLine) throws IOException, UnreadableException {
        return position < end || refill(recordLine);
    }

    /**
     * Reads the next buffer of bytes, once the record being read (the whole buffer is in it) is known to be within
     * its limit.
     *
     * @param recordLine the line of the record being read (unused between records)
     */
    private boolean refill(long recordLine) throws IOException, UnreadableException {
        if (recordStart >= 0) {
            checkRecordBytes(end, recordLine);
        }
        if (exhausted) {
            return false;
        }
        int read = in.readNBytes(buffer, 0, buffer.length);
        bufferStart += end;
        position = 0;
        end = read;
        exhausted = read < buffer.length;
        return read > 0;
    }

    /** The line the reader is on: where an unreadable input stops. */
    long line() {
        return line;
    }

    /** The quoted fields read so far (the sniffer tries a quote only where it opens fields). */
    long quotedFields() {
        return quotedFields;
    }

    /** Whether lines outside quotes so far ended in more than one kind of line break (CRLF, LF, a lone CR). */
    boolean mixedLineBreaks() {
        return Integer.bitCount(lineBreaks) > 1;
    }
}
