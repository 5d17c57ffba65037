package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class JsonLinesRowReaderTest {

    @Test
    void scalarsBecomeTextAndNestedValuesStayStructured() {
        List<SourceRow> rows = CsvRowReaderTest.read("users.jsonl",
                "{\"user_id\":\"u1\",\"age\":30,\"email_optin\":true,\"events\":[{\"event_name\":\"login\"}]}\n");

        assertEquals("30", rows.get(0).get("age"));
        assertEquals("true", rows.get(0).get("email_optin"));
        assertTrue(rows.get(0).structured().get("events").isArray());
        // its nested values too: the whole line's characters
        assertEquals(78, rows.get(0).size());
    }

    @Test
    void aBrokenLineInTheMiddleIsABrokenRowAndTheRestIsRead() {
        List<SourceRow> rows = CsvRowReaderTest.read("users.ndjson", "{\"user_id\":\"u1\"}\n{\"user_id\":\n\n{\"user_id\":\"u3\"}\n");

        assertEquals(3, rows.size());
        assertTrue(rows.get(1).isBroken());
        assertEquals(2, rows.get(1).line());
        assertFalse(rows.get(2).isBroken());
        assertEquals(4, rows.get(2).line());
    }

    @Test
    void aTruncatedGzipIsAFileErrorAfterTheRowsBeforeIt() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 2_000; i++) {
                gzip.write(("{\"user_id\":\"u" + i + "\",\"n\":\"" + "x".repeat(40) + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] truncated = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);

        InputFormatException error = assertThrows(InputFormatException.class,
                () -> CsvRowReaderTest.read("users.jsonl.gz", truncated));

        assertTrue(error.line() > 1, "reading stopped at line " + error.line());
        assertTrue(error.getMessage().contains("Unexpected end of ZLIB input stream"), error.getMessage());
    }
}
