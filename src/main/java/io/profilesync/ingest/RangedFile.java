package io.profilesync.ingest;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A file read by byte ranges: an S3 object by ranged GETs, or a local file. Parquet is read from its end (the
 * footer) and then by row group, so it needs ranges; CSV and JSON lines only ever read the {@link #whole()} file.
 */
public interface RangedFile {

    /** The file's name, as reports and errors name it. */
    String name();

    long length();

    /** The bytes {@code start} (inclusive) to {@code end} (exclusive); the caller closes the stream. */
    InputStream range(long start, long end);

    /** The whole file as a stream; the caller closes the stream. */
    default InputStream whole() {
        return range(0, length());
    }

    /** A file of a known or lazily found length whose ranges and whole are opened by the functions given. */
    static RangedFile of(String name, LongSupplier length, Ranges ranges, Supplier<InputStream> whole) {
        return new RangedFile() {
            private long known = -1;

            @Override
            public String name() {
                return name;
            }

            @Override
            public long length() {
                if (known < 0) {
                    known = length.getAsLong();
                }
                return known;
            }

            @Override
            public InputStream range(long start, long end) {
                return ranges.open(start, end);
            }

            @Override
            public InputStream whole() {
                return whole.get();
            }
        };
    }

    /** Opens a byte range {@code [start, end)}. */
    @FunctionalInterface
    interface Ranges {
        InputStream open(long start, long end);
    }

    /** A local file (benchmarks, tests, the local run). */
    static RangedFile of(Path file) {
        return of(file.getFileName().toString(), () -> size(file), (start, end) -> {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(start);
                return new BufferedInputStream(new BoundedStream(Channels.newInputStream(channel), end - start));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The first {@code remaining} bytes of a stream. */
    final class BoundedStream extends FilterInputStream {
        private long remaining;

        BoundedStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            remaining -= b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = in.read(bytes, offset, (int) Math.min(length, remaining));
            remaining -= Math.max(read, 0);
            return read;
        }
    }
}
