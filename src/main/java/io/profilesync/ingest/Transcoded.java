package io.profilesync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of another encoding as UTF-8, transcoded as they are read, a buffer at a time: the CSV reader then reads
 * UTF-8 bytes whatever the file's encoding. A byte sequence with no character in the encoding ends the stream with
 * {@link Undecodable}, naming its offset in the file.
 */
final class Transcoded extends InputStream {

    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final Encoding encoding;
    private final CharsetDecoder decoder;
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer raw = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    /** A character is at most 3 bytes of UTF-8 (a surrogate pair 4 for 2). */
    private final ByteBuffer out = ByteBuffer.allocate(3 * BUFFER).flip();
    /** The offset in the file of {@code raw}'s first byte. */
    private long rawOffset;
    private boolean inputEnded;
    private boolean flushed;

    /** @param offset the offset in the file of {@code in}'s first byte (after a byte-order mark, or a chunk's start) */
    Transcoded(InputStream in, Encoding encoding, long offset) {
        this.in = in;
        this.encoding = encoding;
        this.decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.rawOffset = offset;
    }

    /** A byte sequence the file's encoding has no character for: the rest of the file cannot be read. */
    static final class Undecodable extends IOException {
        Undecodable(String message) {
            super(message);
        }
    }

    @Override
    public int read() throws IOException {
        return fill() ? out.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, out.remaining());
        out.get(bytes, offset, n);
        return n;
    }

    /** Whether there are transcoded bytes to read, transcoding more when none are left. */
    private boolean fill() throws IOException {
        while (!out.hasRemaining()) {
            if (flushed) {
                return false;
            }
            if (!inputEnded) {
                rawOffset += raw.position();
                raw.compact();
                int read = in.read(raw.array(), raw.position(), raw.remaining());
                if (read < 0) {
                    inputEnded = true;
                } else {
                    raw.position(raw.position() + read);
                }
                raw.flip();
            }
            CoderResult decoded = decoder.decode(raw, chars, inputEnded);
            if (decoded.isError()) {
                throw new Undecodable(encoding.refusal(rawOffset + raw.position()));
            }
            boolean last = inputEnded && !raw.hasRemaining();
            if (last) {
                decoder.flush(chars);
            }
            chars.flip();
            out.clear();
            utf8.encode(chars, out, last);
            if (last) {
                utf8.flush(out);
                flushed = true;
            }
            chars.compact();
            out.flip();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
