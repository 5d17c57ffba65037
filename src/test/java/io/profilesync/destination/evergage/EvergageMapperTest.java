package io.profilesync.destination.evergage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.testing.Items;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.Rows;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;

class EvergageMapperTest {

    @Test
    void usersCarryNameAccountNameAndStringAttributes() {
        DestinationMapper mapper = new EvergageDestination().mapper(null, Optional.empty());

        JsonNode user = Items.tree(mapper.map(Rows.of("user_id", "u1", "account_name", "the aes corporation", "age", "33"))
                .items().get(0));

        assertEquals(Pipeline.parse("""
                {"name":"u1","accountName":"the aes corporation","attributes":{"age":"33"}}"""), user);
    }

    @Test
    void renamedAttributesAndNestedValuesAreStringsAndARenameOntoAnotherFieldKeepsTheLastValue() {
        DestinationMapper mapper = new EvergageDestination().mapper(
                Pipeline.JSON.valueToTree(Map.of("rename", Map.of("tier", "level"))), Optional.empty());

        JsonNode user = Items.tree(mapper.map(Rows.withStructured(Map.of("orders", Pipeline.parse("[1,2]")),
                "user_id", "u1", "level", "old", "tier", "gold")).items().get(0));

        assertEquals(Pipeline.parse("""
                {"name":"u1","attributes":{"level":"gold","orders":"[1,2]"}}"""), user);
    }

    @Test
    void aUserWithoutAnIdIsRejected() {
        MappedRow mapped = new EvergageDestination().mapper(null, Optional.empty()).map(Rows.of("age", "33"));

        assertEquals("user_id", mapped.violations().get(0).field());
    }

    @Test
    void accountAttributesMakeAnAccountKeyedByItsName() {
        DestinationMapper mapper = new EvergageDestination().mapper(
                Pipeline.JSON.valueToTree(Map.of("account_attributes", Map.of("accountStatus", "status"))), Optional.empty());

        MappedRow third = mapper.map(row(4, "u3", "acme", "Paid"));

        assertFalse(Items.tree(third.items().get(0)).at("/attributes").has("status"), "account fields stay off the user");
        OutboundItem account = third.items().get(1);
        assertEquals("accounts", account.stream());
        assertEquals("acme", account.key(), "keyed by name: the splitter keeps the last row per account");
        assertEquals("Paid", Items.tree(account).at("/attributes/accountStatus").asText());
    }

    private static CanonicalRow row(long line, String user, String account, String status) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("user_id", user);
        values.put("account_name", account);
        values.put("status", status);
        return CanonicalRow.of(line, values, Map.of(), List.of());
    }
}
