package io.profilesync.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A {@link RangedFile} as parquet-java reads files: every read opens the range it needs (at least
 * {@link #MIN_RANGE} bytes, so that small reads share one request) and the file is never held whole. On S3 each
 * range is one ranged GET (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, {@code Range}).
 */
final class RangedInputFile implements InputFile {

    static final int MIN_RANGE = 1 << 20;

    private final RangedFile file;

    RangedInputFile(RangedFile file) {
        this.file = file;
    }

    @Override
    public long getLength() {
        return file.length();
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    private final class Stream extends SeekableInputStream {
        private long position;
        /** The open range and the position it is at, or null. */
        private InputStream range;
        private long rangePosition;
        private long rangeEnd;

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPosition) {
            position = newPosition;
        }

        /** The open range, positioned at {@link #position}, opened anew when the current one cannot serve it. */
        private InputStream at(long needed) throws IOException {
            if (range == null || rangePosition != position || rangeEnd - position < Math.min(needed, 1)) {
                closeRange();
                long end = Math.min(getLength(), position + Math.max(needed, MIN_RANGE));
                range = file.range(position, end);
                rangePosition = position;
                rangeEnd = end;
            }
            return range;
        }

        @Override
        public int read() throws IOException {
            if (position >= getLength()) {
                return -1;
            }
            int b = at(1).read();
            if (b >= 0) {
                position++;
                rangePosition++;
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= getLength()) {
                return -1;
            }
            int read = at(length).read(bytes, offset, (int) Math.min(length, rangeEnd - position));
            if (read > 0) {
                position += read;
                rangePosition += read;
            }
            return read;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int offset, int length) throws IOException {
            if (position + length > getLength()) {
                throw new EOFException("the file ends before byte " + (position + length) + " (it has " + getLength() + ")");
            }
            int done = 0;
            while (done < length) {
                int read = read(bytes, offset + done, length - done);
                if (read < 0) {
                    throw new EOFException("the file ended " + (length - done) + " bytes early");
                }
                done += read;
            }
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            if (buffer.hasArray()) {
                int read = read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                if (read > 0) {
                    buffer.position(buffer.position() + read);
                }
                return read;
            }
            int wanted = buffer.remaining();
            byte[] bytes = new byte[wanted];
            int read = read(bytes, 0, wanted);
            if (read > 0) {
                buffer.put(bytes, 0, read);
            }
            return read;
        }

        @Override
        public void readFully(ByteBuffer buffer) throws IOException {
            if (buffer.hasArray()) {
                readFully(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                buffer.position(buffer.limit());
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            readFully(bytes);
            buffer.put(bytes);
        }

        private void closeRange() throws IOException {
            if (range != null) {
                range.close();
                range = null;
            }
        }

        @Override
        public void close() throws IOException {
            closeRange();
        }
    }
}
