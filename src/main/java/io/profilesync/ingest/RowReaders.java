package io.profilesync.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens the right {@link RowReader} for a file name: format by extension, gzip and UTF-8 BOM handled here. */
public final class RowReaders {

    private static final int BUFFER = 64 * 1024;

    private RowReaders() {
    }

    public static RowReader open(String fileName, InputStream raw) {
        InputFormat format = InputFormat.ofFileName(fileName)
                .orElseThrow(() -> new InputFormatException(0,
                        "unsupported file type: expected .csv, .jsonl or .ndjson, optionally .gz"));
        InputStream bytes = withoutBom(decompressed(fileName, raw));
        return format == InputFormat.CSV ? new CsvRowReader(bytes) : new JsonLinesRowReader(utf8(bytes));
    }

    /**
     * Opens one chunk of an uncompressed file (see {@link RecordBoundaries}): the first chunk as the file itself,
     * a later one with the file's header (CSV) and its lines numbered from the line it starts on.
     *
     * @param range the chunk's bytes
     * @param header the file's header, for a CSV file
     */
    public static RowReader openChunk(String fileName, InputStream range, Chunk chunk, Optional<List<String>> header) {
        if (chunk.index() == 0) {
            return open(fileName, range);
        }
        if (InputFormat.isGzip(fileName)) {
            throw new IllegalArgumentException("a gzip file cannot be read in chunks: " + fileName);
        }
        InputFormat format = InputFormat.ofFileName(fileName).orElseThrow(() -> new IllegalArgumentException(
                "unsupported file type: " + fileName));
        InputStream bytes = new BufferedInputStream(range, BUFFER);
        return format == InputFormat.CSV
                ? new CsvRowReader(bytes, header.orElseThrow(() -> new IllegalArgumentException("a CSV chunk needs the file's header")),
                        chunk.firstLine())
                : new JsonLinesRowReader(utf8(bytes), chunk.firstLine());
    }

    private static InputStream decompressed(String fileName, InputStream raw) {
        InputStream buffered = new BufferedInputStream(raw, BUFFER);
        if (!InputFormat.isGzip(fileName)) {
            return buffered;
        }
        try {
            return new GZIPInputStream(buffered, BUFFER);
        } catch (ZipException e) {
            throw new InputFormatException(0, "not a gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputFormatException(0, "cannot read gzip header: " + e.getMessage(), e);
        }
    }

    private static InputStream withoutBom(InputStream in) {
        try {
            PushbackInputStream pushback = new PushbackInputStream(in, 3);
            byte[] head = new byte[3];
            int read = pushback.readNBytes(head, 0, 3);
            boolean bom = read == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
            if (!bom && read > 0) {
                pushback.unread(head, 0, read);
            }
            return pushback;
        } catch (IOException e) {
            throw new InputFormatException(0, "cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8: invalid bytes are an error, never silently replaced. */
    private static Reader utf8(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
