package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The same customers as a plain comma-separated UTF-8 file, then in other dialects and encodings, each dropped
 * through the real triggers (the S3 event, the chunk queue for a file over 16 KiB, the destinations' queues through the
 * poster) with no mapping options but the encoding a single-byte file needs: every one delivers the plain file's
 * users with the same values and counts, and its report says the dialect it was read in. A semicolon file, a
 * {@code .tsv} and a Windows-1252 file (undeclared: sniffed) are split in chunks, each reading its rows in the dialect the plan
 * decided; a UTF-16 file and a gzipped {@code .tsv} are read in one piece.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class DialectsRunTest extends SyncTest {

    private static final String[] DESTINATIONS = {"insider", "xtremepush", "evergage"};
    private static final String[] HEADER = {"user_id", "email", "email_optin", "first_name", "city", "loyalty_tier"};

    @Test
    void everyDialectAndEncodingDeliversWhatThePlainCsvDelivers() {
        JsonNode plain = runs.run("incoming/plain/customers.csv", customers(',', '"'));
        Map<String, Map<String, ?>> delivered = holdings();
        assertEquals("delimiter ',', quote '\"', header row, utf-8 (sniffed: delimiter, quote, header)",
                plain.get("dialect").asText());
        assertTrue(plain.get("destinations").get("insider").get("delivered").asInt() > 1_000, plain.toString());

        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        JsonNode semicolon = sameAs(plain, delivered, "incoming/semicolon/customers.csv",
                concat(bom, customers(';', '"').getBytes(StandardCharsets.UTF_8)), true);
        assertEquals("delimiter ';', quote '\"', header row, utf-8 with byte-order mark (sniffed: delimiter, quote, header)",
                semicolon.get("dialect").asText());

        JsonNode tsv = sameAs(plain, delivered, "incoming/tabs/customers.tsv",
                customers('\t', '"').getBytes(StandardCharsets.UTF_8), true);
        assertEquals("delimiter tab, quote '\"', header row, utf-8 (sniffed: quote, header)", tsv.get("dialect").asText());
        sameAs(plain, delivered, "incoming/tabs-gz/customers.tsv.gz", gzip(customers('\t', '"').getBytes(StandardCharsets.UTF_8)),
                false);

        JsonNode windows = sameAs(plain, delivered, "incoming/legacy/customers.csv",
                customers(';', '"').getBytes(Charset.forName("windows-1252")), true);
        assertEquals("delimiter ';', quote '\"', header row, windows-1252 (sniffed: delimiter, quote, header, encoding)",
                windows.get("dialect").asText(), "no mapping options: the encoding is sniffed");

        byte[] utf16Bom = {(byte) 0xFF, (byte) 0xFE};
        JsonNode utf16 = sameAs(plain, delivered, "incoming/utf16/customers.csv",
                concat(utf16Bom, customers('|', '\'').getBytes(StandardCharsets.UTF_16LE)), false);
        assertEquals("delimiter '|', quote ''', header row, utf-16le with byte-order mark (sniffed: delimiter, quote, header)",
                utf16.get("dialect").asText());
    }

    /** A run of {@code file} (with its size: split in chunks if {@code chunked}), and that it ends as the plain file's. */
    private JsonNode sameAs(JsonNode plain, Map<String, Map<String, ?>> delivered, String key, byte[] file, boolean chunked) {
        simulator = DestinationSimulatorResource.fresh();
        JsonNode run = runs.runWithSize(key, file);
        assertEquals(chunked, run.get("chunks").asInt() > 1, key + " in chunks: " + run.get("chunks"));
        assertTrue(run.get("complete").asBoolean(), key + ": " + run);
        assertEquals(plain.get("rows"), run.get("rows"), key);
        assertEquals(plain.get("errors"), run.get("errors"), key);
        for (String destination : DESTINATIONS) {
            for (String count : List.of("rows", "accepted", "rejected", "superseded", "new", "delivered", "failed")) {
                assertEquals(plain.get("destinations").get(destination).get(count), run.get("destinations").get(destination).get(count),
                        key + ": " + destination + " " + count);
            }
        }
        Map<String, Map<String, ?>> held = holdings();
        for (String destination : DESTINATIONS) {
            assertEquals(delivered.get(destination).keySet(), held.get(destination).keySet(), key + ": " + destination + "'s users");
            delivered.get(destination).forEach((user, values) -> assertEquals(values, held.get(destination).get(user),
                    key + ": " + destination + " holds " + user + " with the plain file's values"));
        }
        return run;
    }

    /**
     * About 100 KB of customers written in a dialect: names and cities with characters Windows-1252 holds (é, ö, Î, €,
     * a typographic apostrophe), a value holding every candidate delimiter and a line break (quoted), a user again
     * later (superseded) and a broken record.
     */
    private static String customers(char delimiter, char quote) {
        StringBuilder csv = new StringBuilder(String.join(String.valueOf(delimiter), HEADER)).append("\r\n");
        for (int i = 1; i <= 1_200; i++) {
            // every dialect's delimiter and a line break in one value: the same value in every file, quoted
            String city = i % 100 == 0 ? "Saint-Denis, Paris; Île|de\tFrance\nCedex" : i % 3 == 0 ? "Köln" : "Cork";
            String name = i % 7 == 0 ? "O’Brien €" + i : "Zoë" + i;
            csv.append(String.join(String.valueOf(delimiter), "u" + i, "c" + i + "@example.com", i % 2 == 0 ? "yes" : "no",
                    quoted(name, delimiter, quote), quoted(city, delimiter, quote), "gold")).append("\r\n");
            if (i % 9 == 0) {
                csv.append(String.join(String.valueOf(delimiter), "u" + i / 2, "c" + i / 2 + "@example.com", "yes", "Renamé",
                        "Rome", "platinum")).append("\r\n");
            }
            if (i % 400 == 0) {
                csv.append("too").append(delimiter).append("few\r\n");
            }
        }
        return csv.toString();
    }

    private static String quoted(String value, char delimiter, char quote) {
        return value.indexOf(delimiter) >= 0 || value.contains("\n") ? quote + value + quote : value;
    }

    private Map<String, Map<String, ?>> holdings() {
        Map<String, Map<String, ?>> holdings = new TreeMap<>();
        for (String destination : DESTINATIONS) {
            holdings.put(destination, simulator.holdings(destination));
        }
        return holdings;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
