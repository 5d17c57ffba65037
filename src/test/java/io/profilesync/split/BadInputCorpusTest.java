package io.profilesync.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingParser;
import io.profilesync.vendor.evergage.EvergageVendor;
import io.profilesync.vendor.insider.InsiderVendor;
import io.profilesync.vendor.xtremepush.XtremepushVendor;

/**
 * The bad-input corpus: each broken file, with the error it gets. File-level problems end in the run's
 * errors with a readable message (never an exception); row-level ones in the rejections, and the other rows
 * still go through.
 */
class BadInputCorpusTest {

    private static final String GOOD = "user_id,first_name\nu1,Ann\n";

    static Stream<Arguments> fileLevel() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        return Stream.of(
                Arguments.of("empty file", "empty.csv", new byte[0], MappingDocument.DEFAULT, "the file is empty"),
                Arguments.of("header only", "header.csv", bytes("user_id,email\n"), MappingDocument.DEFAULT,
                        "header but no data rows"),
                Arguments.of("binary garbage", "garbage.csv", garbage, MappingDocument.DEFAULT, "not valid UTF-8"),
                Arguments.of("invalid UTF-8", "latin1.csv", concat(bytes("user_id,name\nu1,"), new byte[] {(byte) 0xE9, '\n'}),
                        MappingDocument.DEFAULT, "not valid UTF-8"),
                Arguments.of("unbalanced quote at the end", "quote.csv", bytes(GOOD + "u2,\"Bob\n"), MappingDocument.DEFAULT,
                        "line 3"),
                Arguments.of("duplicate header names", "dup.csv", bytes("user_id,email,email\nu1,a,b\n"), MappingDocument.DEFAULT,
                        "duplicate header name 'email'"),
                Arguments.of("truncated gzip", "cut.csv.gz", truncatedGzip(), MappingDocument.DEFAULT,
                        "Unexpected end of ZLIB input stream"),
                Arguments.of("mapping names a missing column", "map.csv", bytes(GOOD),
                        MappingParser.parse("m.yaml", bytes("columns:\n  CustomerId: user_id\n")), "'CustomerId'"),
                Arguments.of("unknown vendor in the mapping", "vendor.csv", bytes(GOOD),
                        MappingParser.parse("m.json", bytes("{\"vendors\":{\"braze\":{}}}")), "unknown or disabled vendor 'braze'"),
                Arguments.of("unsupported file type", "data.xlsx", bytes(GOOD), MappingDocument.DEFAULT, "unsupported file type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileLevel")
    void aBrokenFileEndsWithAClearFileLevelError(String name, String fileName, byte[] content, MappingDocument mapping,
            String expected) {
        RunResult result = split(fileName, content, mapping, new ArrayList<>());

        assertEquals(1, result.errors().size(), name + ": " + result.errors());
        assertTrue(result.errors().get(0).message().contains(expected), name + ": " + result.errors().get(0).message());
        assertTrue(result.vendors().values().stream().allMatch(v -> v.rows() == v.accepted() + v.rejected()), "counts add up");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowLevel")
    void oneBadRowIsRejectedAndTheRestOfTheFileGoesThrough(String name, String fileName, byte[] content, String rule,
            long line) {
        List<Rejection> rejections = new ArrayList<>();

        RunResult result = split(fileName, content, MappingDocument.DEFAULT, rejections);

        assertTrue(result.errors().isEmpty(), name + ": " + result.errors());
        assertEquals(2, result.vendors().get("insider").accepted(), name);
        assertTrue(rejections.stream().anyMatch(r -> r.rule().equals(rule) && r.line() == line), name + ": " + rejections);
    }

    static Stream<Arguments> rowLevel() {
        String field = "x".repeat(10 * 1024 * 1024);
        return Stream.of(
                Arguments.of("a 10 MB single field", "big.csv", bytes("user_id,notes\nu1,a\nu2," + field + "\nu3,c\n"),
                        "max_request_bytes", 3L),
                Arguments.of("a broken JSON line in the middle", "lines.jsonl",
                        bytes("{\"user_id\":\"u1\",\"city\":\"Cork\"}\n{\"user_id\":\n{\"user_id\":\"u3\",\"city\":\"Rome\"}\n"),
                        "record", 2L),
                Arguments.of("a record with a missing field", "ragged.csv", bytes("user_id,city\nu1,Cork\nu2\nu3,Rome\n"),
                        "record", 3L));
    }

    private static RunResult split(String fileName, byte[] content, MappingDocument mapping, List<Rejection> rejections) {
        Splitter splitter = new Splitter(Map.of("insider", new InsiderVendor(), "xtremepush", new XtremepushVendor(),
                "evergage", new EvergageVendor()), (vendor, documented) -> documented.capped(500, 5_000_000L));
        return splitter.split(fileName, new ByteArrayInputStream(content), mapping, (vendor, batch) -> { },
                rejections::add, rows -> { });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] truncatedGzip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes("user_id,name\n"));
            for (int i = 0; i < 5_000; i++) {
                gzip.write(bytes("u" + i + ",Name " + i + " " + "z".repeat(i % 50) + "\n"));
            }
        }
        return Arrays.copyOf(out.toByteArray(), out.size() / 2);
    }
}
