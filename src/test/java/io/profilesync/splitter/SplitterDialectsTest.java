package io.profilesync.splitter;

import static io.profilesync.testing.Pipeline.drain;
import static io.profilesync.testing.Pipeline.put;
import static io.profilesync.testing.Pipeline.readJson;
import static io.profilesync.testing.Pipeline.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Through the splitter's S3 trigger: a file not valid in the encoding it is read in is refused with one line naming
 * the byte and {@code csv.encoding}, nothing of it sent; a bad {@code csv:} setting fails the file naming the
 * mapping and the setting; a file without a header row is read with DuckDB's column names.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class SplitterDialectsTest {

    @BeforeEach
    void emptyQueues() {
        Pipeline.purgeQueues();
    }

    @Test
    void aFileNotValidInItsEncodingIsRefusedNamingTheByteAndTheSetting() {
        // UTF-8 (an ë) and then Latin-1 (another) in one value: neither encoding, so not sniffed as Windows-1252
        put("incoming/latin/customers.csv", concat("user_id,first_name\nu1,Zo\u00EB".getBytes(StandardCharsets.UTF_8),
                " Zo\u00EB\nu2,Ann\n".getBytes(StandardCharsets.ISO_8859_1)));
        put("mappings/declared.yaml", "csv:\n  encoding: windows-1252\n");
        put("incoming/declared/customers.csv", "user_id,first_name\nu1,Zo\u00EB\nu2,A\u0081\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        JsonNode outcomes = split("incoming/latin/customers.csv", "incoming/declared/customers.csv").get("outcomes");

        JsonNode latin = readJson("runs/" + outcomes.get(0).get("run_id").asText() + "/manifest.json");
        assertEquals("failed", latin.get("status").asText());
        assertEquals("unreadable CSV at line 2: the file is not valid UTF-8 at byte 29: set the mapping's csv.encoding"
                + " setting to the file's encoding (utf-8, utf-16, utf-16le, utf-16be, windows-1252 or iso-8859-1)",
                latin.at("/errors/0/message").asText());
        assertEquals(0, latin.get("rows").asInt(), "nothing read before the byte");
        JsonNode declared = readJson("runs/" + outcomes.get(1).get("run_id").asText() + "/manifest.json");
        assertEquals("failed", declared.get("status").asText());
        assertTrue(declared.at("/errors/0/message").asText().startsWith("the file is not valid Windows-1252 at byte 30:"),
                declared.toString());
        assertTrue(drain("insider").isEmpty(), "nothing delivered garbled");
    }

    @Test
    void aBadCsvSettingFailsTheFileNamingTheMappingAndTheSetting() {
        put("mappings/baddelimiter.yaml", "csv:\n  delimiter: ';;'\n");
        put("incoming/baddelimiter/file.csv", "user_id\nu1\n");
        put("mappings/badencoding.json", "{\"csv\": {\"encoding\": \"ebcdic\"}}");
        put("incoming/badencoding/file.csv", "user_id\nu1\n");

        JsonNode outcomes = split("incoming/baddelimiter/file.csv", "incoming/badencoding/file.csv").get("outcomes");

        List<String> expected = List.of("mappings/baddelimiter.yaml: csv.delimiter must be one ASCII character other than"
                + " a space or a line break (or tab), not ';;'", "mappings/badencoding.json: csv.encoding must be utf-8,"
                + " utf-16, utf-16le, utf-16be, windows-1252 or iso-8859-1, not 'ebcdic'");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals("failed", outcomes.get(i).get("status").asText(), outcomes.toString());
            assertTrue(outcomes.get(i).get("message").asText().contains(expected.get(i)), outcomes.get(i).toString());
        }
        assertTrue(drain("insider").isEmpty());
    }

    @Test
    void aFileWithoutAHeaderRowIsReadWithDuckDbsColumnNames() {
        put("mappings/headerless.yaml", "columns:\n  column0: user_id\n  column1: email\n  column2: age\n");
        put("incoming/headerless/export.csv", "u1;a@example.com;31\nu2;b@example.com;40\n");

        JsonNode outcome = split("incoming/headerless/export.csv").get("outcomes").get(0);

        JsonNode manifest = readJson("runs/" + outcome.get("run_id").asText() + "/manifest.json");
        assertEquals("succeeded", manifest.get("status").asText(), manifest.toString());
        assertEquals(2, manifest.get("rows").asInt(), "the first record is a row");
        assertEquals("delimiter ';', quote '\"', no header row, utf-8 (sniffed: delimiter, quote, header)",
                manifest.get("dialect").asText());
        JsonNode users = readJson(drain("insider").get(0).get("key").asText()).get("users");
        assertEquals("u1", users.at("/0/identifiers/uuid").asText());
        assertEquals("b@example.com", users.at("/1/identifiers/email").asText());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
