package io.profilesync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import io.profilesync.ingest.InputLimits;

/**
 * The bad-input corpus: broken files, each with the error it must get. File-level cases end the run with that
 * message in its {@code errors}; row-level cases reject one row (that rule, that line) and let the rest through.
 * Used at the splitter core ({@code BadInputCorpusTest}) and through the packaged function ({@code BadInputCorpusIT}).
 */
public final class BadInputCorpus {

    private static final String GOOD = "user_id,first_name\nu1,Ann\n";
    /** The heap the corpus is sized for: the packaged function's in {@code BadInputCorpusIT}. */
    public static final long HEAP = 512L << 20;
    /** The input limits of that heap: each hostile file crosses one, whatever the function's heap a little below it. */
    public static final InputLimits LIMITS = InputLimits.forHeap(HEAP);

    /**
     * @param name what is wrong
     * @param fileName the file's name (its extension chooses the reader)
     * @param content the file
     * @param mappingName the mapping document's name, null for the built-in default
     * @param mapping the mapping document, null for the built-in default
     * @param expected for a file-level case, part of the error message; for a row-level case, the rule broken
     * @param line the rejected row's line; 0 for a file-level case
     */
    public record Case(String name, String fileName, byte[] content, String mappingName, String mapping, String expected,
            long line) {

        public boolean isFileLevel() {
            return line == 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private BadInputCorpus() {
    }

    public static List<Case> fileLevel() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        List<Case> cases = new ArrayList<>(List.of(
                file("empty file", "empty.csv", new byte[0], "the file is empty"),
                file("header only", "header.csv", bytes("user_id,email\n"), "header but no data rows"),
                file("binary garbage", "garbage.csv", garbage, "not valid UTF-8"),
                file("invalid UTF-8", "latin1.csv", concat(bytes("user_id,name\nu1,"), new byte[] {(byte) 0xE9, '\n'}),
                        "not valid UTF-8"),
                file("unbalanced quote at the end", "quote.csv", bytes(GOOD + "u2,\"Bob\n"), "line 3"),
                file("duplicate header names", "dup.csv", bytes("user_id,email,email\nu1,a,b\n"), "duplicate header name 'email'"),
                file("truncated gzip", "cut.csv.gz", truncatedGzip(), "Unexpected end of ZLIB input stream"),
                new Case("mapping names a missing column", "map.csv", bytes(GOOD), "m.yaml", "columns:\n  CustomerId: user_id\n",
                        "'CustomerId'", 0),
                new Case("unknown destination in the mapping", "destination.csv", bytes(GOOD), "m.json", "{\"destinations\":{\"braze\":{}}}",
                        "unknown or disabled destination 'braze'", 0),
                file("unsupported file type", "data.xlsx", bytes(GOOD), "unsupported file type")));
        cases.addAll(hostile());
        return cases;
    }

    /**
     * Files built to exhaust the function (docs/input.md, "Input files", "Limits"): each stops at the limit it crosses,
     * before any row is read whole, so nothing of it is sent. (A gzip bomb of blank lines, which only the inflated
     * size stops, costs the inflating of gigabytes at the default limit: {@code HostileInputTest} drops one with the
     * limit set lower.)
     */
    public static List<Case> hostile() {
        StringBuilder columns = new StringBuilder("user_id");
        for (int i = 1; i < 2_000_000; i++) {
            columns.append(",c").append(i);
        }
        return List.of(
                file("a gzip bomb (1 MB inflating to 1 GiB of one byte)", "bomb.csv.gz",
                        gzip("user_id,email\nu1,", '0', 1L << 30), "a record is longer than"),
                file("one 40 MiB line with no line break", "one-line.jsonl",
                        bytes("{\"user_id\":\"u1\",\"notes\":\"" + "n".repeat(40 << 20)), "a record is longer than"),
                file("a record of 300M commas (a 300 KB gzip file)", "commas.csv.gz", gzip("user_id,email\nu1", ',', 300_000_000),
                        "the header's 2 and"),
                file("a header of 2M columns", "columns.csv", bytes(columns + "\nu1\n"), "the header has more than"));
    }

    public static List<Case> rowLevel() {
        String field = "x".repeat(10 * 1024 * 1024);
        return List.of(
                row("a 10 MB single field", "big.csv", bytes("user_id,notes\nu1,a\nu2," + field + "\nu3,c\n"),
                        "max_request_bytes", 3),
                row("a broken JSON line in the middle", "lines.jsonl",
                        bytes("{\"user_id\":\"u1\",\"city\":\"Cork\"}\n{\"user_id\":\n{\"user_id\":\"u3\",\"city\":\"Rome\"}\n"),
                        "record", 2),
                row("a record with a missing field", "ragged.csv", bytes("user_id,city\nu1,Cork\nu2\nu3,Rome\n"), "record", 3));
    }

    private static Case file(String name, String fileName, byte[] content, String expected) {
        return new Case(name, fileName, content, null, null, expected, 0);
    }

    private static Case row(String name, String fileName, byte[] content, String rule, long line) {
        return new Case(name, fileName, content, null, null, rule, line);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * A gzip file of {@code head}, then {@code repeated} {@code bytes} times: members of 64 MiB each, compressed
     * once (a reader inflates concatenated members as one file), so a bomb of gigabytes is made in a second.
     */
    public static byte[] gzip(String head, char repeated, long bytes) {
        int block = 64 << 20;
        byte[] filler = new byte[block];
        Arrays.fill(filler, (byte) repeated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(bytes(head));
            }
            ByteArrayOutputStream member = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(member)) {
                gzip.write(filler);
            }
            for (long written = 0; written < bytes; written += block) {
                if (bytes - written < block) {
                    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                        gzip.write(filler, 0, (int) (bytes - written));
                    }
                } else {
                    member.writeTo(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] truncatedGzip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes("user_id,name\n"));
            for (int i = 0; i < 5_000; i++) {
                gzip.write(bytes("u" + i + ",Name " + i + " " + "z".repeat(i % 50) + "\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(out.toByteArray(), out.size() / 2);
    }
}
