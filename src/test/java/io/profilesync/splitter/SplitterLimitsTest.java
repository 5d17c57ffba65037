package io.profilesync.splitter;

import static io.profilesync.testing.Pipeline.drain;
import static io.profilesync.testing.Pipeline.put;
import static io.profilesync.testing.Pipeline.readJson;
import static io.profilesync.testing.Pipeline.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Batches are cut on the destinations' documented limits, counted on the stored request body. */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
class SplitterLimitsTest {

    @BeforeEach
    void emptyQueues() {
        Pipeline.purgeQueues();
    }

    @Test
    void insiderBatchesHoldAtMostOneThousandUsersAndXtremepushTenThousandRows() {
        StringBuilder csv = new StringBuilder("user_id,first_name\n");
        for (int i = 1; i <= 10_500; i++) {
            csv.append("u").append(i).append(",Name").append(i).append('\n');
        }
        put("incoming/limits/count.csv", csv.toString());

        split("incoming/limits/count.csv");

        List<JsonNode> insider = sorted(drain("insider"));
        assertEquals(11, insider.size());
        for (int i = 0; i < insider.size(); i++) {
            int expected = i < 10 ? 1_000 : 500;
            assertEquals(expected, insider.get(i).get("items").asInt());
            assertEquals(expected, readJson(insider.get(i).get("key").asText()).get("users").size());
        }
        java.util.Set<Long> lines = new java.util.TreeSet<>();
        insider.forEach(message -> new io.profilesync.batching.LineRanges(message.get("line_ranges").asText())
                .forEachLine(lines::add));
        assertEquals(10_500, lines.size(), "every user in exactly one batch");
        assertEquals(List.of(2L, 10_501L), List.of(((java.util.TreeSet<Long>) lines).first(), ((java.util.TreeSet<Long>) lines).last()));
        List<JsonNode> xtremepush = sorted(drain("xtremepush"));
        assertEquals(List.of(10_000, 500), xtremepush.stream().map(m -> m.get("items").asInt()).toList());
        assertEquals(10_000, readJson(xtremepush.get(0).get("key").asText()).get("rows").size());
        assertEquals(21, drain("evergage").size(), "Evergage's configured batch size is 500");
    }

    @Test
    void insiderBatchesStayUnderFiveMillionBytes() {
        String wide = "w".repeat(6_000);
        StringBuilder csv = new StringBuilder("user_id,notes\n");
        for (int i = 1; i <= 1_000; i++) {
            csv.append("u").append(i).append(',').append(wide).append('\n');
        }
        put("incoming/limits/bytes.csv", csv.toString());

        split("incoming/limits/bytes.csv");

        List<JsonNode> insider = sorted(drain("insider"));
        assertEquals(2, insider.size(), "6 MB of users cannot go in one request");
        int users = 0;
        for (JsonNode message : insider) {
            String body = Pipeline.readText(message.get("key").asText());
            assertTrue(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 5_000_000, "body within 5,000,000 bytes");
            users += Pipeline.parse(body).get("users").size();
        }
        assertEquals(1_000, users, "every user exactly once");
    }

    @Test
    void aSingleUserLargerThanARequestIsRejectedNotDropped() {
        put("incoming/limits/huge.csv", "user_id,notes\nu1," + "h".repeat(5_100_000) + "\nu2,small\n");

        JsonNode outcome = split("incoming/limits/huge.csv").get("outcomes").get(0);

        JsonNode manifest = readJson("runs/" + outcome.get("run_id").asText() + "/manifest.json");
        assertEquals(1, manifest.at("/destinations/insider/rejected").asLong());
        assertEquals(1, manifest.at("/destinations/insider/accepted").asLong());
        JsonNode rejection = Pipeline.readJsonLines(manifest.get("rejected_rows").asText()).get(0);
        assertEquals("max_request_bytes", rejection.get("rule").asText());
        assertEquals(2, rejection.get("line").asLong());
    }

    private static List<JsonNode> sorted(List<JsonNode> messages) {
        return messages.stream().sorted(Comparator.comparingInt(m -> m.get("batch").asInt())).toList();
    }
}
