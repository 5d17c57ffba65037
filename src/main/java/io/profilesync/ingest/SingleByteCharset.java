package io.profilesync.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

/**
 * Windows-1252, decoded by table. A native image holds only the standard charsets unless told to hold them all, so
 * it is written out here rather than looked up by name (ISO-8859-1 is standard).
 */
final class SingleByteCharset extends Charset {

    /**
     * Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F; five of those bytes have no character (0 here).
     * Source: https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT
     */
    private static final char[] WINDOWS_1252_80_9F = {
        '\u20AC', 0, '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', 0, '\u017D', 0,
        0, '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', 0, '\u017E', '\u0178',
    };

    static final SingleByteCharset WINDOWS_1252 = new SingleByteCharset("windows-1252", WINDOWS_1252_80_9F);

    private final char[] table = new char[256];

    private SingleByteCharset(String name, char[] from80To9F) {
        super(name, null);
        for (int b = 0; b < 256; b++) {
            table[b] = (char) b;
        }
        System.arraycopy(from80To9F, 0, table, 0x80, from80To9F.length);
    }

    @Override
    public boolean contains(Charset cs) {
        return cs == this;
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new CharsetDecoder(this, 1, 1) {
            @Override
            protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                while (in.hasRemaining()) {
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    int b = in.get(in.position()) & 0xFF;
                    char c = table[b];
                    if (c == 0 && b != 0) {
                        return CoderResult.unmappableForLength(1);
                    }
                    in.position(in.position() + 1);
                    out.put(c);
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    @Override
    public CharsetEncoder newEncoder() {
        throw new UnsupportedOperationException(name() + " is only read");
    }
}
