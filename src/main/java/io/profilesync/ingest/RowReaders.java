package io.profilesync.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens the right {@link RowReader} for a file name: format by extension, gzip, byte-order marks and encodings
 * handled here, and a CSV file's dialect decided here (the mapping's {@code csv:} settings, else {@link CsvSniffer}).
 */
public final class RowReaders {

    private static final int BUFFER = 64 * 1024;

    private RowReaders() {
    }

    /** A file with no {@code csv:} settings. */
    public static RowReader open(String fileName, InputStream raw, InputLimits limits) {
        return open(fileName, raw, CsvSettings.NONE, limits);
    }

    /**
     * @param settings the mapping's {@code csv:} settings (a CSV file's dialect is sniffed where they set nothing)
     * @param limits what one record, the header and a gzip file's inflated bytes may take
     */
    public static RowReader open(String fileName, InputStream raw, CsvSettings settings, InputLimits limits) {
        InputFormat format = InputFormat.ofFileName(fileName)
                .orElseThrow(() -> new InputFormatException(0,
                        "unsupported file type: expected .csv, .tsv, .jsonl or .ndjson, optionally .gz, or .parquet"));
        if (format == InputFormat.PARQUET) {
            throw new IllegalArgumentException("a Parquet file is read by byte ranges (a RangedFile), not as a stream: " + fileName);
        }
        InputStream bytes = decompressed(fileName, raw, limits);
        if (format == InputFormat.JSON_LINES) {
            return new JsonLinesRowReader(withoutBom(bytes), limits);
        }
        return csv(fileName, bytes, settings, Optional.empty(), limits);
    }

    /**
     * Opens a file read by byte ranges: Parquet row group by row group, a set of Parquet parts as one file
     * (docs/parquet.md), any other format as the stream of its bytes
     * ({@link #open(String, InputStream, CsvSettings, InputLimits)}).
     *
     * @param parts the file, or the parts of a Parquet set in order
     * @param ignored the columns the mapping ignores: a Parquet column of them that profile-sync does not read (a
     *     struct, a map) is left out of the rows and its bytes are not read, where a used one refuses the file
     */
    public static RowReader open(String fileName, List<RangedFile> parts, CsvSettings settings, Set<String> ignored,
            InputLimits limits) {
        if (isParquet(fileName)) {
            return new ParquetRowReader(parts, null, ignored, limits);
        }
        return open(fileName, single(fileName, parts).whole(), settings, limits);
    }

    /**
     * {@link #openChunk(String, InputStream, Chunk, Optional, Optional, InputLimits)} of a file read by byte ranges,
     * {@code ignored} as for {@link #open(String, List, CsvSettings, Set, InputLimits)}.
     */
    public static RowReader openChunk(String fileName, List<RangedFile> parts, Chunk chunk, Optional<List<String>> header,
            Optional<CsvDialect> dialect, Set<String> ignored, InputLimits limits) {
        if (isParquet(fileName)) {
            return new ParquetRowReader(parts, chunk, ignored, limits);
        }
        return openChunk(fileName, single(fileName, parts).range(chunk.start(), chunk.end()), chunk, header, dialect,
                limits);
    }

    /** The chunks of about {@code targetBytes} a Parquet file or set is split in, between its row groups. */
    public static List<Chunk> parquetChunks(List<RangedFile> parts, long targetBytes) {
        return ParquetRowReader.chunks(parts, targetBytes);
    }

    /** Whether a file is Parquet; a gzipped one is refused, since Parquet compresses its own pages. */
    private static boolean isParquet(String fileName) {
        if (InputFormat.ofFileName(fileName).orElse(null) != InputFormat.PARQUET) {
            return false;
        }
        if (InputFormat.isGzip(fileName)) {
            throw new InputFormatException(0, fileName + ": a Parquet file compresses its own pages and is not read"
                    + " gzipped: drop it without .gz");
        }
        return true;
    }

    private static RangedFile single(String fileName, List<RangedFile> parts) {
        if (parts.size() != 1) {
            throw new IllegalArgumentException("only Parquet is read from parts, not " + fileName);
        }
        return parts.get(0);
    }

    /**
     * Opens one chunk of an uncompressed file (see {@link RecordBoundaries}): the first chunk as the file itself,
     * a later one with the file's header (CSV) and its lines numbered from the line it starts on; a CSV file in the
     * dialect its first chunk was read in.
     *
     * @param range the chunk's bytes
     * @param header the file's header, for a CSV file
     * @param dialect the file's dialect, for a CSV file
     */
    public static RowReader openChunk(String fileName, InputStream range, Chunk chunk, Optional<List<String>> header,
            Optional<CsvDialect> dialect, InputLimits limits) {
        if (InputFormat.isGzip(fileName)) {
            throw new IllegalArgumentException("a gzip file cannot be read in chunks: " + fileName);
        }
        InputFormat format = InputFormat.ofFileName(fileName).orElseThrow(() -> new IllegalArgumentException(
                "unsupported file type: " + fileName));
        InputStream bytes = new BufferedInputStream(range, BUFFER);
        if (format == InputFormat.JSON_LINES) {
            return chunk.index() == 0 ? new JsonLinesRowReader(withoutBom(bytes), limits)
                    : new JsonLinesRowReader(bytes, chunk.firstLine(), limits);
        }
        CsvDialect read = dialect.orElseThrow(() -> new IllegalArgumentException("a CSV chunk needs the file's dialect"));
        if (chunk.index() == 0) {
            return csv(fileName, bytes, CsvSettings.NONE, dialect, limits);
        }
        Encoding encoding = read.readEncoding();
        boolean utf8 = encoding == Encoding.UTF_8;
        return new CsvRowReader(utf8 ? bytes : new Transcoded(bytes, encoding, chunk.start()), read,
                header.orElseThrow(() -> new IllegalArgumentException("a CSV chunk needs the file's header")),
                chunk.firstLine(), utf8 ? chunk.start() : 0, limits);
    }

    /**
     * A CSV file from its start: its encoding (a byte-order mark, else the mapping's, else UTF-8), transcoded to
     * UTF-8 unless it is, and its dialect, sniffed from its first bytes unless already {@code decided}.
     */
    private static RowReader csv(String fileName, InputStream bytes, CsvSettings settings, Optional<CsvDialect> decided,
            InputLimits limits) {
        PushbackInputStream in = new PushbackInputStream(bytes, Bom.LONGEST);
        Bom bom = Bom.read(in);
        Encoding encoding = decided.map(CsvDialect::readEncoding).orElseGet(() -> bom.encoding(settings.declaredEncoding()));
        boolean encodingSniffed = false;
        InputStream source = in;
        if (decided.isEmpty() && encoding == Encoding.UTF_8 && bom.length() == 0 && settings.declaredEncoding().isEmpty()) {
            byte[] head;
            try {
                head = in.readNBytes(CsvSniffer.SAMPLE_BYTES);
            } catch (IOException e) {
                throw new InputFormatException(0, "cannot read the file: " + e.getMessage(), e);
            }
            source = new SequenceInputStream(new ByteArrayInputStream(head), in);
            if (EncodingSniffer.isWindows1252(head)) {
                encoding = Encoding.WINDOWS_1252;
                encodingSniffed = true;
            }
        }
        boolean utf8 = encoding == Encoding.UTF_8;
        InputStream text = utf8 ? source : new Transcoded(source, encoding, bom.length());
        byte[] sample;
        try {
            sample = text.readNBytes(CsvSniffer.SAMPLE_BYTES);
        } catch (Transcoded.Undecodable e) {
            throw new InputFormatException(0, e.getMessage(), e);
        } catch (IOException e) {
            throw new InputFormatException(0, "cannot read the file: " + e.getMessage(), e);
        }
        if (utf8 && settings.declaredEncoding().isEmpty()) {
            refuseNul(sample, bom.length());
        }
        Encoding read = encoding;
        CsvDialect sniffed = decided.orElseGet(() -> CsvSniffer.sniff(sample, sample.length < CsvSniffer.SAMPLE_BYTES,
                settings, InputFormat.isTabSeparated(fileName), read, bom.length() > 0));
        CsvDialect dialect = encodingSniffed ? sniffed.withSniffed("encoding") : sniffed;
        return new CsvRowReader(new SequenceInputStream(new ByteArrayInputStream(sample), text), dialect,
                utf8 ? bom.length() : 0, limits);
    }

    /**
     * A NUL byte is valid UTF-8 but no text: a file that holds one is UTF-16 without a byte-order mark (every other
     * byte of ASCII text is 0) or not text, and read as UTF-8 would be delivered garbled.
     */
    private static void refuseNul(byte[] sample, int bomLength) {
        for (int i = 0; i < sample.length; i++) {
            if (sample[i] == 0) {
                throw new InputFormatException(0, Encoding.UTF_8.refusal(bomLength + i));
            }
        }
    }

    private static InputStream decompressed(String fileName, InputStream raw, InputLimits limits) {
        InputStream buffered = new BufferedInputStream(raw, BUFFER);
        if (!InputFormat.isGzip(fileName)) {
            return buffered;
        }
        try {
            return new Inflated(new GZIPInputStream(buffered, BUFFER), limits);
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

    /**
     * A gzip file's inflated bytes, which end in an error once they pass the limit: a gzip bomb (a few hundred KB that
     * inflate to terabytes of one byte) is stopped there, its reader naming the line it was on.
     */
    private static final class Inflated extends FilterInputStream {
        private final InputLimits limits;
        private long inflated;

        Inflated(InputStream in, InputLimits limits) {
            super(in);
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = in.read(bytes, offset, length);
            if (read > 0) {
                inflated += read;
                if (inflated > limits.maxInflatedBytes()) {
                    throw new IOException(limits.inflatesTooFar());
                }
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            int length = (int) Math.min(n, BUFFER);
            return length <= 0 ? 0 : Math.max(read(new byte[length], 0, length), 0);
        }
    }
}
