package io.profilesync.splitter;

import static io.profilesync.testing.Pipeline.drain;
import static io.profilesync.testing.Pipeline.put;
import static io.profilesync.testing.Pipeline.readJson;
import static io.profilesync.testing.Pipeline.readJsonLines;
import static io.profilesync.testing.Pipeline.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Mapping documents chosen by input prefix; JSON lines with events; file-level and row-level errors. */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class SplitterMappingTest {

    @BeforeEach
    void emptyQueues() {
        Pipeline.purgeQueues();
    }

    @Test
    void aMappingUnderTheInputsPrefixRenamesColumnsChoosesDestinationsAndProducesAccounts() {
        put("mappings/crm.yaml", """
                columns:
                  CustomerId: user_id
                  Company: account_name
                  Tier: account_tier
                ignore: [InternalNote]
                destinations:
                  evergage:
                    account_attributes:
                      tier: account_tier
                  insider:
                    skip_hook: true
                """);
        put("incoming/crm/export.csv", """
                CustomerId,Company,Tier,City,InternalNote
                c1,Acme,Free,Cork,secret
                c2,Globex,Paid,Paris,secret
                c3,Acme,Paid,Rome,secret
                """);

        JsonNode outcome = split("incoming/crm/export.csv").get("outcomes").get(0);

        JsonNode manifest = readJson("runs/" + outcome.get("run_id").asText() + "/manifest.json");
        assertEquals("s3://" + LocalAwsResource.BUCKET + "/mappings/crm.yaml", manifest.get("mapping").asText());
        assertEquals(List.of("evergage", "insider"), fieldNames(manifest.get("destinations")));
        assertTrue(drain("xtremepush").isEmpty(), "the mapping did not choose xtremepush");
        JsonNode insider = readJson(drain("insider").get(0).get("key").asText());
        assertTrue(insider.get("skip_hook").booleanValue());
        assertEquals("c1", insider.at("/users/0/identifiers/uuid").asText());
        assertTrue(insider.at("/users/0/attributes/custom").has("account_name"));
        assertTrue(!insider.toString().contains("secret"), "ignored columns are left out");
        List<JsonNode> evergage = drain("evergage");
        JsonNode accounts = evergage.stream().filter(m -> m.get("stream").asText().equals("accounts")).findFirst()
                .map(m -> readJson(m.get("key").asText())).orElseThrow();
        assertEquals(2, accounts.size(), "one account per name");
        JsonNode acme = accounts.get(0).get("name").asText().equals("Acme") ? accounts.get(0) : accounts.get(1);
        assertEquals("Paid", acme.at("/attributes/tier").asText(), "the last row wins");
        assertEquals(2, manifest.at("/destinations/evergage/streams/accounts/items").asInt());
    }

    @Test
    void gzippedJsonLinesWithEventsReachInsider() throws IOException {
        String lines = """
                {"user_id":"j1","email":"j1@example.com","events":[{"event_name":"purchase","timestamp":"2021-01-10T21:35:20Z","event_params":{"event_group_id":"O1","unit_sale_price":9.5,"currency":"USD","quantity":1}}]}
                {"user_id":"j2","events":[{"event_name":"purchase","timestamp":"2021-01-10T21:35:20Z","event_params":{"currency":"USD"}}],"first_name":"Ann"}
                """;
        put("incoming/events.jsonl.gz", gzip(lines));

        JsonNode outcome = split("incoming/events.jsonl.gz").get("outcomes").get(0);

        JsonNode manifest = readJson("runs/" + outcome.get("run_id").asText() + "/manifest.json");
        assertEquals(1, manifest.at("/destinations/insider/accepted").asLong());
        assertEquals(2, manifest.at("/destinations/evergage/accepted").asLong());
        JsonNode user = readJson(drain("insider").get(0).get("key").asText()).at("/users/0");
        assertEquals("O1", user.at("/events/0/event_params/event_group_id").asText());
        List<JsonNode> rejected = readJsonLines(manifest.get("rejected_rows").asText()).stream()
                .filter(r -> r.get("destination").asText().equals("insider")).toList();
        assertEquals(List.of("events[0].event_params.event_group_id", "events[0].event_params.unit_sale_price",
                "events[0].event_params.quantity"), rejected.stream().map(r -> r.get("field").asText()).toList());
        rejected.forEach(r -> assertEquals(2, r.get("line").asLong()));
    }

    @Test
    void aRecordWithTheWrongFieldCountIsRejectedForEveryDestinationAndTheRestGoesOn() {
        put("incoming/ragged.csv", "user_id,first_name\nu1,Ann\nu2\nu3,Cy\n");

        JsonNode outcome = split("incoming/ragged.csv").get("outcomes").get(0);

        JsonNode manifest = readJson("runs/" + outcome.get("run_id").asText() + "/manifest.json");
        for (String destination : LocalAwsResource.destinations()) {
            assertEquals(2, manifest.at("/destinations/" + destination + "/accepted").asLong(), destination);
            assertEquals(1, manifest.at("/destinations/" + destination + "/rejected").asLong(), destination);
        }
        List<JsonNode> rejected = readJsonLines(manifest.get("rejected_rows").asText());
        assertEquals(3, rejected.size());
        rejected.forEach(r -> assertEquals("record", r.get("rule").asText()));
    }

    @Test
    void aMappingThatNamesAMissingColumnOrAnUnknownDestinationFailsTheFileWithAClearError() {
        put("mappings/broken.yaml", "columns:\n  NoSuchColumn: user_id\n");
        put("incoming/broken/file.csv", "user_id\nu1\n");
        put("mappings/unknown.json", "{\"destinations\": {\"braze\": {}}}");
        put("incoming/unknown/file.csv", "user_id\nu1\n");

        JsonNode outcomes = split("incoming/broken/file.csv", "incoming/unknown/file.csv").get("outcomes");

        assertEquals("failed", outcomes.get(0).get("status").asText());
        assertTrue(outcomes.get(0).get("message").asText().contains("'NoSuchColumn'"), outcomes.toString());
        assertEquals("failed", outcomes.get(1).get("status").asText());
        assertTrue(outcomes.get(1).get("message").asText().contains("unknown or disabled destination 'braze'"));
        assertTrue(drain("insider").isEmpty());
    }

    @Test
    void aBadSyncSettingFailsTheFileWithOneMessageNamingTheMappingAndTheSetting() {
        put("mappings/badmode.yaml", "mode: replace\n");
        put("incoming/badmode/file.csv", "user_id\nu1\n");
        put("mappings/badsource.yaml", "source: full\n");
        put("incoming/badsource/file.csv", "user_id\nu1\n");
        put("mappings/baddelete.yaml", "source: snapshot\ndestinations:\n  xtremepush: {on_removed: delete}\n");
        put("incoming/baddelete/file.csv", "user_id\nu1\n");
        put("mappings/badremoved.yaml", "destinations:\n  xtremepush: {on_removed: forget}\n");
        put("incoming/badremoved/file.csv", "user_id\nu1\n");

        JsonNode outcomes = split("incoming/badmode/file.csv", "incoming/badsource/file.csv", "incoming/baddelete/file.csv",
                "incoming/badremoved/file.csv").get("outcomes");

        List<String> expected = List.of("mappings/badmode.yaml: mode must be upsert, update or insert, not 'replace'",
                "mappings/badsource.yaml: source must be increment or snapshot, not 'full'",
                "mappings/baddelete.yaml: destinations.xtremepush.on_removed: delete is not available for xtremepush: ",
                "mappings/badremoved.yaml: destinations.xtremepush.on_removed must be keep or delete, not 'forget'");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals("failed", outcomes.get(i).get("status").asText(), outcomes.toString());
            assertTrue(outcomes.get(i).get("message").asText().contains(expected.get(i)), outcomes.get(i).toString());
            assertTrue(!outcomes.get(i).get("message").asText().contains("Exception"), outcomes.get(i).toString());
        }
        assertTrue(drain("insider").isEmpty());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
