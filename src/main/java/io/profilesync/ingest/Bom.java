package io.profilesync.ingest;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.Optional;

/**
 * The byte-order mark a file starts with, if any (https://www.unicode.org/faq/utf_bom.html#bom4), read off the
 * stream; what follows it is left to read.
 *
 * @param found the encoding it marks, empty for a file without one
 */
record Bom(Optional<Encoding> found, int length) {

    static final int LONGEST = 3;
    private static final Bom NONE = new Bom(Optional.empty(), 0);

    static Bom read(PushbackInputStream in) {
        try {
            byte[] head = new byte[LONGEST];
            int read = in.readNBytes(head, 0, LONGEST);
            Bom bom = of(head, read);
            if (read > bom.length) {
                in.unread(head, bom.length, read - bom.length);
            }
            return bom;
        } catch (IOException e) {
            throw new InputFormatException(0, "cannot read the file: " + e.getMessage(), e);
        }
    }

    private static Bom of(byte[] head, int read) {
        int b0 = read > 0 ? head[0] & 0xFF : -1;
        int b1 = read > 1 ? head[1] & 0xFF : -1;
        int b2 = read > 2 ? head[2] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return new Bom(Optional.of(Encoding.UTF_8), 3);
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new Bom(Optional.of(Encoding.UTF_16LE), 2);
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return new Bom(Optional.of(Encoding.UTF_16BE), 2);
        }
        return NONE;
    }

    /**
     * The encoding a file with this mark is read in, given the mapping's {@code csv.encoding}: a mark that
     * contradicts the setting refuses the file, as does {@code utf-16} without a mark.
     */
    Encoding encoding(Optional<Encoding> declared) {
        if (declared.isEmpty()) {
            return found.orElse(Encoding.UTF_8);
        }
        Encoding setting = declared.get();
        if (found.isEmpty()) {
            if (setting == Encoding.UTF_16) {
                throw new InputFormatException(0, "the file has no byte-order mark, which the mapping's csv.encoding"
                        + " setting utf-16 needs: set utf-16le or utf-16be");
            }
            return setting;
        }
        Encoding marked = found.get();
        if (marked == setting || (setting == Encoding.UTF_16 && marked != Encoding.UTF_8)) {
            return marked;
        }
        throw new InputFormatException(0, "the file starts with a " + marked.setting() + " byte-order mark, but the"
                + " mapping's csv.encoding setting is " + setting.setting());
    }
}
