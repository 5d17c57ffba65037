package io.profilesync.splitter;

import static io.profilesync.testing.Pipeline.drain;
import static io.profilesync.testing.Pipeline.put;
import static io.profilesync.testing.Pipeline.readJson;
import static io.profilesync.testing.Pipeline.readJsonLines;
import static io.profilesync.testing.Pipeline.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class SplitterFunctionTest {

    private static final String CONVENTIONAL_CSV = """
            user_id,email,phone,email_optin,sms_optin,whatsapp_optin,gdpr_optin,first_name,last_name,gender,birthday,age,country,city,language,account_name,loyalty_tier
            u1,jane@example.com,+447700900900,true,false,yes,1,Jane,Doe,F,1993-03-12,30,GB,London,en,Acme,gold
            u2,not-an-email,+447700900901,false,true,no,0,"Smith, John","O""Neil",M,1980-01-01T10:00:00+02:00,44,IE,Dublin,en,,silver
            """;

    @BeforeEach
    void emptyQueues() {
        Pipeline.purgeQueues();
    }

    @Test
    void conventionalCsvBecomesOneBatchPerDestinationWithZeroConfiguration() {
        put("incoming/conventional.csv", CONVENTIONAL_CSV);

        JsonNode response = split("incoming/conventional.csv");

        JsonNode outcome = response.get("outcomes").get(0);
        assertEquals("succeeded", outcome.get("status").asText());
        String runId = outcome.get("run_id").asText();
        JsonNode manifest = readJson("runs/" + runId + "/manifest.json");
        assertEquals(2, manifest.get("rows").asLong());
        assertCounts(manifest, "insider", 1, 1, 1);
        assertCounts(manifest, "xtremepush", 2, 0, 2); // u2 has no account_name: its row has other columns
        assertCounts(manifest, "evergage", 2, 0, 1);

        JsonNode insiderMessage = single(drain("insider"));
        assertEquals(runId, insiderMessage.get("run_id").asText());
        assertEquals(2, insiderMessage.get("first_line").asLong());
        assertTrue(insiderMessage.get("key").asText().contains("/batches/insider/"));
        JsonNode insiderUser = readJson(insiderMessage.get("key").asText()).get("users").get(0);
        assertEquals("u1", insiderUser.at("/identifiers/uuid").asText());
        assertEquals("jane@example.com", insiderUser.at("/identifiers/email").asText());
        assertEquals("+447700900900", insiderUser.at("/identifiers/phone_number").asText());
        assertEquals("1993-03-12T00:00:00Z", insiderUser.at("/attributes/birthday").asText());
        assertTrue(insiderUser.at("/attributes/age").isNumber());
        assertTrue(insiderUser.at("/attributes/email_optin").booleanValue());
        assertFalse(insiderUser.at("/attributes/sms_optin").booleanValue());
        assertEquals("Jane", insiderUser.at("/attributes/name").asText());
        assertEquals("Doe", insiderUser.at("/attributes/surname").asText());
        assertEquals("gold", insiderUser.at("/attributes/custom/loyalty_tier").asText());

        JsonNode xtremepush = drain("xtremepush").stream().map(message -> readJson(message.get("key").asText()))
                .filter(body -> body.get("rows").get(0).get(0).asText().equals("u2")).findFirst().orElseThrow();
        List<String> columns = Pipeline.JSON.convertValue(xtremepush.get("columns"), List.class);
        assertFalse(columns.contains("account_name"), "a blank cell is not a column of its row: " + columns);
        JsonNode secondRow = xtremepush.get("rows").get(0);
        assertEquals("u2", secondRow.get(columns.indexOf("user_id")).asText());
        assertEquals(447700900901L, secondRow.get(columns.indexOf("mobile_number")).asLong());
        assertEquals(1, secondRow.get(columns.indexOf("sms_subscription")).asInt());
        assertEquals(0, secondRow.get(columns.indexOf("email_subscription")).asInt());
        assertEquals("Smith, John", secondRow.get(columns.indexOf("first_name")).asText());
        assertEquals("O\"Neil", secondRow.get(columns.indexOf("last_name")).asText());

        JsonNode evergageUsers = readJson(single(drain("evergage")).get("key").asText());
        assertEquals("u1", evergageUsers.get(0).get("name").asText());
        assertEquals("Acme", evergageUsers.get(0).get("accountName").asText());
        assertFalse(evergageUsers.get(1).has("accountName"));
        evergageUsers.get(0).get("attributes").forEach(value -> assertTrue(value.isTextual()));

        List<JsonNode> rejected = readJsonLines(manifest.get("rejected_rows").asText());
        assertEquals(1, rejected.size());
        assertEquals(3, rejected.get(0).get("line").asLong());
        assertEquals("insider", rejected.get(0).get("destination").asText());
        assertEquals("email", rejected.get(0).get("field").asText());
        assertEquals("regexp(^.+@.+\\..+$)", rejected.get(0).get("rule").asText());
        assertFalse(rejected.get(0).toString().contains("not-an-email"), "personal values are masked in reports");
    }

    @Test
    void theSameNotificationTwiceEnqueuesItsBatchesOnce() {
        put("incoming/twice.csv", CONVENTIONAL_CSV);
        String event = io.profilesync.testing.S3Events.created(LocalAwsResource.BUCKET, "incoming/twice.csv");

        JsonNode first = Pipeline.invoke(event);
        int queued = drain("insider").size() + drain("xtremepush").size();
        JsonNode second = Pipeline.invoke(event);

        assertEquals("succeeded", first.at("/outcomes/0/status").asText());
        assertEquals("duplicate", second.at("/outcomes/0/status").asText());
        assertEquals(first.at("/outcomes/0/run_id"), second.at("/outcomes/0/run_id"));
        assertEquals(3, queued);
        assertTrue(drain("insider").isEmpty());
        assertTrue(drain("xtremepush").isEmpty());
    }

    @Test
    void objectsOutsideTheInputPrefixAndTheFunctionsOwnOutputsAreIgnored() {
        put("elsewhere/file.csv", CONVENTIONAL_CSV);
        put("runs/abc/manifest.json", "{}");

        JsonNode response = split("elsewhere/file.csv", "runs/abc/manifest.json");

        response.get("outcomes").forEach(outcome -> assertEquals("ignored", outcome.get("status").asText()));
        assertTrue(drain("insider").isEmpty());
    }

    @Test
    void keysWithSpacesAndNonAsciiCharactersAreDecoded() {
        String key = "incoming/März export/kunden liste é.csv";
        put(key, CONVENTIONAL_CSV);

        JsonNode response = split(key);

        assertEquals("succeeded", response.at("/outcomes/0/status").asText());
        assertEquals("s3://" + LocalAwsResource.BUCKET + "/" + key, response.at("/outcomes/0/source").asText());
        assertEquals(1, drain("evergage").size());
    }

    @Test
    void oneBadFileDoesNotStopTheOtherRecordsOfTheEvent() {
        put("incoming/empty.csv", "");
        put("incoming/good.csv", CONVENTIONAL_CSV);

        JsonNode response = split("incoming/empty.csv", "incoming/good.csv");

        assertEquals("failed", response.at("/outcomes/0/status").asText());
        assertTrue(response.at("/outcomes/0/message").asText().contains("empty"));
        assertEquals("succeeded", response.at("/outcomes/1/status").asText());
        JsonNode manifest = readJson("runs/" + response.at("/outcomes/0/run_id").asText() + "/manifest.json");
        assertEquals(1, manifest.get("errors").size());
        assertEquals(1, drain("insider").size());
    }

    private static void assertCounts(JsonNode manifest, String destination, long accepted, long rejected, int batches) {
        JsonNode counts = manifest.get("destinations").get(destination);
        assertEquals(accepted, counts.get("accepted").asLong(), destination + " accepted");
        assertEquals(rejected, counts.get("rejected").asLong(), destination + " rejected");
        assertEquals(batches, counts.get("batches").asInt(), destination + " batches");
        assertEquals(manifest.get("rows").asLong(), accepted + rejected + counts.get("superseded").asLong(), destination + " rows add up");
        assertEquals(accepted, counts.get("new").asLong() + counts.get("changed").asLong() + counts.get("unchanged").asLong()
                + counts.get("resent").asLong(), destination + " accepted users add up");
    }

    private static JsonNode single(List<JsonNode> messages) {
        assertEquals(1, messages.size(), "messages: " + messages);
        return messages.get(0);
    }
}
