package io.profilesync.vendor.evergage;

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
import io.profilesync.vendor.MappedRow;
import io.profilesync.vendor.VendorMapper;

class EvergageMapperTest {

    @Test
    void usersCarryNameAccountNameAndStringAttributes() {
        VendorMapper mapper = new EvergageVendor().mapper(null, Optional.empty());

        JsonNode user = Items.tree(mapper.map(Rows.of("user_id", "u1", "account_name", "the aes corporation", "age", "33"))
                .items().get(0));

        assertEquals(Pipeline.parse("""
                {"name":"u1","accountName":"the aes corporation","attributes":{"age":"33"}}"""), user);
    }

    @Test
    void renamedAttributesAndNestedValuesAreStringsAndARenameOntoAnotherFieldKeepsTheLastValue() {
        VendorMapper mapper = new EvergageVendor().mapper(
                Pipeline.JSON.valueToTree(Map.of("rename", Map.of("tier", "level"))), Optional.empty());

        JsonNode user = Items.tree(mapper.map(Rows.withStructured(Map.of("orders", Pipeline.parse("[1,2]")),
                "user_id", "u1", "level", "old", "tier", "gold")).items().get(0));

        assertEquals(Pipeline.parse("""
                {"name":"u1","attributes":{"level":"gold","orders":"[1,2]"}}"""), user);
    }

    @Test
    void aUserWithoutAnIdIsRejected() {
        MappedRow mapped = new EvergageVendor().mapper(null, Optional.empty()).map(Rows.of("age", "33"));

        assertEquals("user_id", mapped.violations().get(0).field());
    }

    @Test
    void accountAttributesProduceOneAccountPerNameAndTheLastRowWins() {
        VendorMapper mapper = new EvergageVendor().mapper(
                Pipeline.JSON.valueToTree(Map.of("account_attributes", Map.of("accountStatus", "status"))), Optional.empty());

        mapper.map(row(2, "u1", "acme", "Free"));
        mapper.map(row(3, "u2", "globex", "Paid"));
        MappedRow third = mapper.map(row(4, "u3", "acme", "Paid"));
        List<OutboundItem> accounts = new ArrayList<>();
        mapper.finish(accounts::add);

        assertFalse(Items.tree(third.items().get(0)).at("/attributes").has("status"), "account fields stay off the user");
        assertEquals(2, accounts.size());
        JsonNode acme = Items.tree(accounts.stream().filter(a -> Items.tree(a).get("name").asText().equals("acme")).findFirst()
                .orElseThrow());
        assertEquals("Paid", acme.at("/attributes/accountStatus").asText());
        assertTrue(accounts.stream().allMatch(a -> a.stream().equals("accounts")));
    }

    @Test
    void pastTheInMemoryBoundAccountsWaitInATemporaryFileAndComeOutAsBefore() {
        EvergageMapper mapper = new EvergageMapper(new EvergageOptions(Map.of("accountStatus", "status"), null), 50);
        // what the mapper did with every account in memory: the last row of each name, in the order of last rows
        Map<String, String> expected = new LinkedHashMap<>();
        int mostHeld = 0;
        for (int i = 0; i < 5_000; i++) {
            long line = i + 2;
            String account = "account-" + (i * 7_919 % 2_000);
            mapper.map(row(line, "u" + i, account, "s" + line));
            expected.remove(account);
            expected.put(account, line + " s" + line);
            mostHeld = Math.max(mostHeld, mapper.accountsHeld());
        }
        List<OutboundItem> accounts = new ArrayList<>();
        mapper.finish(accounts::add);

        assertTrue(mostHeld <= 50, "at most 50 accounts in memory, not " + mostHeld);
        Map<String, String> actual = new LinkedHashMap<>();
        for (OutboundItem item : accounts) {
            JsonNode account = Items.tree(item);
            actual.put(account.get("name").asText(), item.line() + " " + account.at("/attributes/accountStatus").asText());
        }
        assertEquals(accounts.size(), actual.size(), "one upsert per account name");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(actual.entrySet()));
    }

    private static CanonicalRow row(long line, String user, String account, String status) {
        CanonicalRow row = Rows.of("user_id", user, "account_name", account, "status", status);
        return new CanonicalRow(line, row.values(), row.structured());
    }
}
