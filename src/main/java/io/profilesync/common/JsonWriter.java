package io.profilesync.common;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes compact JSON as UTF-8 bytes, byte for byte as Jackson's default generator writes it: change detection
 * fingerprints these bytes, so they must not change. Splitting writes every user once per destination, and Jackson's
 * per-call bookkeeping cost more than the writing itself; this keeps only a buffer and whether a comma is due.
 * Escaped as Jackson escapes: quote, backslash and control characters (the common ones by their short escape),
 * and every UTF-16 surrogate as {@code \\uXXXX}; other characters as UTF-8.
 * <p>
 * It also hashes what it writes ({@link #toHashed}), in the loops that write strings and names: hashing byte by byte
 * is bound by each step waiting for the last, and the writing fits in those waits, so both cost about what the
 * hashing alone would.
 */
public final class JsonWriter {

    /** Per ASCII character: 0 to write it as it is, a letter for its short escape, or 'u' for {@code \\u00XX}. */
    private static final byte[] ESCAPES = new byte[128];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** One writer per thread, reused for every item: its buffer grows once to the largest item. */
    private static final ThreadLocal<JsonWriter> WRITERS = ThreadLocal.withInitial(JsonWriter::new);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    /** Slots of the cache of field names, a power of two. */
    private static final int NAME_SLOTS = 256;
    private static final int NAME_PROBES = 4;

    private byte[] buffer = new byte[1024];
    private char[] chars = new char[256];
    /**
     * Field names as last written, {@code "name":} in bytes, by their hash: every item repeats the same few names (the
     * same instances: constants and a file's header), so each is escaped once per thread rather than once per item.
     */
    private final String[] names = new String[NAME_SLOTS];
    private final byte[][] quotedNames = new byte[NAME_SLOTS][];
    private int size;
    private boolean commaDue;
    /** The FNV-1a hash of the bytes before {@link #hashed}; the bytes from there to {@link #size} are not in it yet. */
    private long hash;
    private int hashed;

    private JsonWriter() {
    }

    /** Something written with a writer, e.g. one JSON value. */
    @FunctionalInterface
    public interface Writing {
        void writeTo(JsonWriter json);
    }

    /** What {@code writing} writes, as UTF-8 bytes. */
    public static byte[] toBytes(Writing writing) {
        return toHashed(Hashes.SEED, writing).bytes();
    }

    /**
     * What {@code writing} writes, as UTF-8 bytes, and their hash ({@link Hashes#add(long, byte[])} continued from
     * {@code seed}).
     */
    public static Hashed toHashed(long seed, Writing writing) {
        JsonWriter json = written(seed, writing);
        return new Hashed(Arrays.copyOf(json.buffer, json.size), json.hash);
    }

    /** {@link #toHashed}'s hash alone, for what is compared but never sent: no copy of the bytes is made. */
    public static long hashOf(long seed, Writing writing) {
        return written(seed, writing).hash;
    }

    /** This thread's writer, once it has written and hashed what {@code writing} writes. */
    private static JsonWriter written(long seed, Writing writing) {
        JsonWriter json = WRITERS.get();
        json.size = 0;
        json.commaDue = false;
        json.hash = seed;
        json.hashed = 0;
        writing.writeTo(json);
        json.catchUp();
        return json;
    }

    /** Bytes written, and their hash. */
    public record Hashed(byte[] bytes, long hash) {
    }

    public static byte[] toBytes(JsonNode node) {
        return toBytes(json -> json.node(node));
    }

    public JsonWriter startObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter startArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** A field's name: its value is written next. */
    public JsonWriter field(String name) {
        separate();
        int slot = nameSlot(name);
        if (names[slot] != name) {
            int start = size;
            quoted(name);
            append(':');
            names[slot] = name;
            quotedNames[slot] = Arrays.copyOfRange(buffer, start, size);
        } else {
            byte[] quotedName = quotedNames[slot];
            ensure(quotedName.length);
            catchUp();
            byte[] out = buffer;
            int at = size;
            long h = hash;
            for (byte b : quotedName) {
                out[at++] = b;
                h = Hashes.add(h, b);
            }
            size = hashed = at;
            hash = h;
        }
        commaDue = false;
        return this;
    }

    /** The name's slot, or a free one near its hash, or (all taken by others) its hash's, which it then takes over. */
    private int nameSlot(String name) {
        int home = name.hashCode() & (NAME_SLOTS - 1);
        for (int probe = 0; probe < NAME_PROBES; probe++) {
            int slot = (home + probe) & (NAME_SLOTS - 1);
            if (names[slot] == name || names[slot] == null) {
                return slot;
            }
        }
        return home;
    }

    public JsonWriter string(String value) {
        if (value == null) {
            return raw("null");
        }
        separate();
        quoted(value);
        commaDue = true;
        return this;
    }

    public JsonWriter stringField(String name, String value) {
        return field(name).string(value);
    }

    /** A whole number, its digits written straight into the buffer (as {@link Long#toString(long)} writes them). */
    public JsonWriter number(long value) {
        if (value == Long.MIN_VALUE) {
            return raw(Long.toString(value));
        }
        separate();
        ensure(20);
        long rest = value;
        if (rest < 0) {
            buffer[size++] = '-';
            rest = -rest;
        }
        int digits = 1;
        for (long power = 10; digits < 19 && rest >= power; power *= 10) {
            digits++;
        }
        for (int at = size + digits - 1; at >= size; at--) {
            buffer[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        size += digits;
        commaDue = true;
        return this;
    }

    /** As Jackson writes a {@link BigDecimal} by default: its {@code toString}, scientific notation included. */
    public JsonWriter number(BigDecimal value) {
        return raw(value == null ? "null" : value.toString());
    }

    public JsonWriter bool(boolean value) {
        return raw(value ? "true" : "false");
    }

    public JsonWriter booleanField(String name, boolean value) {
        return field(name).bool(value);
    }

    /** A tree, as Jackson's generator writes it when given the tree's values one by one. */
    public JsonWriter node(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING -> string(node.textValue());
            case BOOLEAN -> bool(node.booleanValue());
            case NULL, MISSING -> raw("null");
            case NUMBER -> numberNode(node);
            case ARRAY -> {
                startArray();
                for (JsonNode element : node) {
                    node(element);
                }
                endArray();
            }
            case OBJECT -> {
                startObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    field(field.getKey()).node(field.getValue());
                }
                endObject();
            }
            default -> string(node.asText());
        }
        return this;
    }

    private void numberNode(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            number(node.longValue());
        } else if (node.isBigDecimal() || node.isBigInteger()) {
            number(node.decimalValue());
        } else {
            double value = node.doubleValue();
            // Jackson writes what is not a finite number as a string
            if (Double.isFinite(value)) {
                raw(Double.toString(value));
            } else {
                string(Double.toString(value));
            }
        }
    }

    private JsonWriter open(char bracket) {
        separate();
        append(bracket);
        commaDue = false;
        return this;
    }

    private JsonWriter close(char bracket) {
        append(bracket);
        commaDue = true;
        return this;
    }

    /** A value written as it is (a number, a literal). */
    private JsonWriter raw(String ascii) {
        separate();
        int length = ascii.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) ascii.charAt(i);
        }
        commaDue = true;
        return this;
    }

    private void separate() {
        if (commaDue) {
            append(',');
        }
    }

    private void append(char ascii) {
        ensure(1);
        buffer[size++] = (byte) ascii;
    }

    /**
     * A string in quotes: its characters copied out in bulk first (reading a string a character at a time costs a
     * check per character), then plain ASCII stored in one loop and everything else one character at a time.
     */
    private void quoted(String text) {
        int length = text.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        text.getChars(0, length, chars, 0);
        ensure(length + 2);
        buffer[size++] = '"';
        catchUp();
        char[] in = chars;
        byte[] out = buffer;
        int at = size;
        long h = hash;
        for (int i = 0; i < length; i++) {
            char c = in[i];
            if (c < 0x80 && ESCAPES[c] == 0) {
                out[at++] = (byte) c;
                h = Hashes.add(h, c);
            } else {
                size = hashed = at;
                hash = h;
                escaped(c);
                ensure(length - i);
                catchUp();
                out = buffer;
                at = size;
                h = hash;
            }
        }
        size = hashed = at;
        hash = h;
        buffer[size++] = '"';
    }

    /** Hashes the bytes written since the last hashing: the few (brackets, commas, numbers) not hashed as written. */
    private void catchUp() {
        long h = hash;
        for (int i = hashed; i < size; i++) {
            h = Hashes.add(h, buffer[i]);
        }
        hash = h;
        hashed = size;
    }

    /** A character that is not plain ASCII: escaped, or as UTF-8. */
    private void escaped(char c) {
        ensure(6);
        if (c < 0x80) {
            buffer[size++] = '\\';
            buffer[size++] = ESCAPES[c];
            if (ESCAPES[c] == 'u') {
                unicodeDigits(c);
            }
        } else if (c < 0x800) {
            buffer[size++] = (byte) (0xC0 | (c >> 6));
            buffer[size++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            buffer[size++] = '\\';
            buffer[size++] = 'u';
            unicodeDigits(c);
        } else {
            buffer[size++] = (byte) (0xE0 | (c >> 12));
            buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buffer[size++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void unicodeDigits(char c) {
        buffer[size++] = HEX[c >> 12];
        buffer[size++] = HEX[(c >> 8) & 0xF];
        buffer[size++] = HEX[(c >> 4) & 0xF];
        buffer[size++] = HEX[c & 0xF];
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
