package io.profilesync.poster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.LineRanges;
import io.profilesync.destination.DestinationGateway;
import io.profilesync.destination.evergage.EvergageGateway;
import io.profilesync.destination.insider.InsiderGateway;
import io.profilesync.destination.xtremepush.XtremepushGateway;

/** Halving a stored body at the items array each destination declares, everything else kept as it is. */
class BatchHalvesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void insidersUsersAreHalvedAndEverythingAroundThemKept() throws Exception {
        String body = "{\"skip_hook\":true,\"users\":[" + insiderUser("u0") + "," + insiderUser("u1") + ","
                + insiderUser("u2") + "," + insiderUser("u3") + "," + insiderUser("u4") + "],\"not_append\":true}";

        BatchHalves.Halves halves = BatchHalves.halve(JSON, bytes(body), declared(new InsiderGateway(null, null, null, null), "users"));

        assertEquals(2, halves.firstItems());
        assertEquals(3, halves.secondItems());
        assertEquals("{\"skip_hook\":true,\"users\":[" + insiderUser("u0") + "," + insiderUser("u1") + "],\"not_append\":true}",
                text(halves.first()), "the fields around the users stay, in their order; numbers as they were written");
        assertEquals("{\"skip_hook\":true,\"users\":[" + insiderUser("u2") + "," + insiderUser("u3") + "," + insiderUser("u4")
                + "],\"not_append\":true}", text(halves.second()));
    }

    @Test
    void xtremepushsRowsAreHalvedAndItsColumnsStayAsTheyAre() throws Exception {
        String columns = "[\"user_id\",\"email\",\"email_subscription\",\"score\"]";
        String body = "{\"columns\":" + columns + ",\"rows\":[[\"a\",\"a@x.io\",1,0.10],[\"b\",null,null,2],[\"c\",\"c@x.io\",0,3.5]]}";

        BatchHalves.Halves halves = BatchHalves.halve(JSON, bytes(body), declared(new XtremepushGateway(null, null, null, null), "users"));

        assertEquals(1, halves.firstItems());
        assertEquals(2, halves.secondItems());
        assertEquals("{\"columns\":" + columns + ",\"rows\":[[\"a\",\"a@x.io\",1,0.10]]}", text(halves.first()));
        assertEquals("{\"columns\":" + columns + ",\"rows\":[[\"b\",null,null,2],[\"c\",\"c@x.io\",0,3.5]]}", text(halves.second()));
    }

    @Test
    void evergagesUsersAndAccountsAreTheBodyItself() throws Exception {
        EvergageGateway evergage = new EvergageGateway(null, null, null, null);
        String[] records = {"{\"name\":\"u0\",\"attributes\":{\"age\":\"33\"},\"accountName\":\"acme\"}",
                "{\"name\":\"u1\",\"attributes\":{\"age\":\"19\"}}", "{\"name\":\"u2\",\"attributes\":{}}",
                "{\"name\":\"u3\",\"attributes\":{\"state\":\"MA\"}}"};

        for (String stream : List.of("users", "accounts")) {
            BatchHalves.Halves halves = BatchHalves.halve(JSON, bytes("[" + String.join(",", records) + "]"),
                    declared(evergage, stream));

            assertEquals("[" + records[0] + "," + records[1] + "]", text(halves.first()), stream);
            assertEquals("[" + records[2] + "," + records[3] + "]", text(halves.second()), stream);
        }
        assertTrue(evergage.items("events").isEmpty(), "a stream Evergage has no upsert for declares no items");
    }

    @Test
    void aBodyWithoutTwoItemsWhereDeclaredCannotBeHalved() {
        JsonPointer users = JsonPointer.compile("/users");

        assertThrows(IllegalArgumentException.class, () -> BatchHalves.halve(JSON, bytes("{\"users\":[{\"a\":1}]}"), users));
        assertThrows(IllegalArgumentException.class, () -> BatchHalves.halve(JSON, bytes("{\"rows\":[[1],[2]]}"), users));
        assertThrows(IllegalArgumentException.class, () -> BatchHalves.halve(JSON, bytes("not json"), users));
    }

    @Test
    void eachHalfGetsTheLinesOfItsItems() {
        LineRanges lines = LineRanges.of(new long[] {2, 3, 4, 5, 7, 9, 10, 11, 12}); // "2+3,2,2+3"

        long[] first = BatchHalves.lines(lines, 0, 4);
        long[] second = BatchHalves.lines(lines, 4, 9);

        assertArrayEquals(new long[] {2, 3, 4, 5}, first);
        assertArrayEquals(new long[] {7, 9, 10, 11, 12}, second);
        LineRanges secondRanges = BatchHalves.ranges(second);
        assertEquals(9, LineRanges.lineAt(secondRanges, 1), "the second half's item 1 is the batch's item 5");
        assertEquals(7, BatchHalves.first(second, -1));
        assertEquals(12, BatchHalves.last(second, -1));
        assertEquals(0, BatchHalves.lines(new LineRanges(""), 0, 2).length, "lines not known stay unknown");
    }

    @Test
    void aDestinationThatDeclaresNoItemsIsNotSplit() {
        DestinationGateway undeclared = new DestinationGateway() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public io.profilesync.destination.PostResult post(io.profilesync.queue.BatchMessage batch, byte[] body) {
                throw new UnsupportedOperationException();
            }
        };

        assertTrue(undeclared.items("users").isEmpty());
    }

    private static JsonPointer declared(DestinationGateway gateway, String stream) {
        return gateway.items(stream).orElseThrow(() -> new AssertionError(gateway.name() + " declares no " + stream + " items"));
    }

    private static String insiderUser(String uuid) {
        return "{\"identifiers\":{\"uuid\":\"" + uuid + "\"},\"attributes\":{\"age\":30,\"score\":890.90,\"big\":12345678901234567890}}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) throws Exception {
        JsonNode parsed = JSON.readTree(bytes); // valid JSON
        assertTrue(parsed.isContainerNode());
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
