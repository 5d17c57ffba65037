package io.profilesync.ingest;

/**
 * Tells a Windows-1252 file from a UTF-8 one when neither a byte-order mark nor the mapping's {@code csv.encoding}
 * says, from the file's first bytes. Excel on Windows and many older CRMs write Windows-1252 ("ANSI") without saying
 * so; read as UTF-8, every accented letter would be refused.
 * <p>
 * The rule: the sample is Windows-1252 when it is not valid UTF-8, holds no multi-byte UTF-8 sequence before its
 * first invalid byte (a file that mixes both is neither, and is refused where it stops being UTF-8), and holds none
 * of the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). Valid UTF-8 text is almost never
 * also plausible Windows-1252 the other way round (its lead and continuation bytes would read as pairs like "Ã©"),
 * so a valid sample stays UTF-8. A file whose first non-ASCII byte lies beyond the sample is read as UTF-8, and
 * refused at that byte with the {@code csv.encoding} setting named, as before. The same reasoning as the
 * "UTF-8, else Windows-1252" fallback in WHATWG's encoding sniffing for legacy text (https://encoding.spec.whatwg.org/).
 */
final class EncodingSniffer {

    private EncodingSniffer() {
    }

    static boolean isWindows1252(byte[] sample) {
        int i = 0;
        boolean multiByteSeen = false;
        while (i < sample.length) {
            int b = sample[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length = utf8SequenceLength(sample, i);
            if (length == 0) {
                return !multiByteSeen && definedInWindows1252(sample, i);
            }
            if (length < 0) {
                return false; // a sequence cut by the sample's end: not enough to say it is not UTF-8
            }
            multiByteSeen = true;
            i += length;
        }
        return false;
    }

    /** The length of the valid UTF-8 sequence at {@code at}; 0 when it is not valid; -1 when the sample ends inside it. */
    private static int utf8SequenceLength(byte[] bytes, int at) {
        int lead = bytes[at] & 0xFF;
        int length;
        int min;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (at + length > bytes.length) {
            return -1;
        }
        int code = lead & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
            int continuation = bytes[at + k] & 0xFF;
            if ((continuation & 0xC0) != 0x80) {
                return 0;
            }
            code = (code << 6) | (continuation & 0x3F);
        }
        boolean surrogate = code >= 0xD800 && code <= 0xDFFF;
        return code < min || code > 0x10FFFF || surrogate ? 0 : length;
    }

    private static boolean definedInWindows1252(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
                return false;
            }
        }
        return true;
    }
}
