package io.profilesync.ingest;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens the right {@link RowReader} for a file name: format by extension, gzip and UTF-8 BOM handled here. */
public final class RowReaders {

    private static final int BUFFER = 64 * 1024;

    private RowReaders() {
    }

    /** @param limits what one record, the header and a gzip file's inflated bytes may take */
    public static RowReader open(String fileName, InputStream raw, InputLimits limits) {
        InputFormat format = InputFormat.ofFileName(fileName)
                .orElseThrow(() -> new InputFormatException(0,
                        "unsupported file type: expected .csv, .jsonl or .ndjson, optionally .gz, or .parquet"));
        if (format == InputFormat.PARQUET) {
            throw new IllegalArgumentException("a Parquet file is read by byte ranges (a RangedFile), not as a stream: " + fileName);
        }
        InputStream bytes = withoutBom(decompressed(fileName, raw, limits));
        return format == InputFormat.CSV ? new CsvRowReader(bytes, limits) : new JsonLinesRowReader(bytes, limits);
    }

    /**
     * Opens a file read by byte ranges: Parquet row group by row group, a set of Parquet parts as one file
     * (docs/parquet.md), any other format as the stream of its bytes ({@link #open(String, InputStream, InputLimits)}).
     *
     * @param parts the file, or the parts of a Parquet set in order
     */
    public static RowReader open(String fileName, List<RangedFile> parts, InputLimits limits) {
        if (isParquet(fileName)) {
            return new ParquetRowReader(parts, null, limits);
        }
        return open(fileName, single(fileName, parts).whole(), limits);
    }

    /** {@link #openChunk(String, InputStream, Chunk, Optional, InputLimits)} of a file read by byte ranges. */
    public static RowReader openChunk(String fileName, List<RangedFile> parts, Chunk chunk, Optional<List<String>> header,
            InputLimits limits) {
        if (isParquet(fileName)) {
            return new ParquetRowReader(parts, chunk, limits);
        }
        return openChunk(fileName, single(fileName, parts).range(chunk.start(), chunk.end()), chunk, header, limits);
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
     * a later one with the file's header (CSV) and its lines numbered from the line it starts on.
     *
     * @param range the chunk's bytes
     * @param header the file's header, for a CSV file
     */
    public static RowReader openChunk(String fileName, InputStream range, Chunk chunk, Optional<List<String>> header,
            InputLimits limits) {
        if (chunk.index() == 0) {
            return open(fileName, range, limits);
        }
        if (InputFormat.isGzip(fileName)) {
            throw new IllegalArgumentException("a gzip file cannot be read in chunks: " + fileName);
        }
        InputFormat format = InputFormat.ofFileName(fileName).orElseThrow(() -> new IllegalArgumentException(
                "unsupported file type: " + fileName));
        InputStream bytes = new BufferedInputStream(range, BUFFER);
        return format == InputFormat.CSV
                ? new CsvRowReader(bytes, header.orElseThrow(() -> new IllegalArgumentException("a CSV chunk needs the file's header")),
                        chunk.firstLine(), limits)
                : new JsonLinesRowReader(bytes, chunk.firstLine(), limits);
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
