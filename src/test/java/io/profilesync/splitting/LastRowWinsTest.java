package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.evergage.EvergageDestination;

/**
 * The last row of each user wins, and the result does not depend on whether the accepted users fit the memory
 * budget: past it they wait in temporary files, one partition read back at a time.
 */
class LastRowWinsTest {

    @Test
    void usersPastTheMemoryBudgetGiveTheSameBatchesAsUsersInMemory() {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("user_id,tier,note\n");
        Map<String, String> lastTier = new HashMap<>();
        Map<String, Long> lastLine = new HashMap<>();
        int rows = 20_000;
        for (int line = 2; line < rows + 2; line++) {
            String user = "u" + random.nextInt(6_000);
            String tier = "t" + random.nextInt(1_000);
            csv.append(user).append(',').append(tier).append(",x").append('\n');
            lastTier.put(user, tier);
            lastLine.put(user, (long) line);
        }

        Split inMemory = split(csv.toString(), SyncMode.DEFAULT_MEMORY_BUDGET);
        Split spilled = split(csv.toString(), 4_096);

        for (Split split : List.of(inMemory, spilled)) {
            DestinationSummary summary = split.result().destinations().get(EvergageDestination.NAME);
            assertEquals(lastTier.size(), summary.accepted());
            assertEquals(rows - lastTier.size(), summary.superseded());
            assertEquals(rows, summary.accepted() + summary.rejected() + summary.superseded());
            assertEquals(lastTier, split.tiers(), "each user's last row is the one sent");
            assertEquals(rows - lastTier.size(), split.superseded().size());
            split.superseded().forEach((line, by) -> assertTrue(by > line, "superseded by a later row"));
        }
        assertEquals(inMemory.superseded(), spilled.superseded());
    }

    @Test
    void pastItsBudgetEveryPartitionGoesToDiskAndComesBackInFileOrder() {
        try (LatestItems items = new LatestItems(1_000)) {
            for (long line = 2; line < 2_002; line++) {
                items.add(new OutboundItem(OutboundItem.USERS, line, "u" + line, null,
                        ("{\"id\":" + line + "}").getBytes(StandardCharsets.UTF_8), line), io.profilesync.common.Hashes.of("u" + line));
            }
            assertTrue(items.spilled());
            long seen = 0;
            for (int partition = 0; partition < DestinationState.PARTITIONS; partition++) {
                assertTrue(Files.exists(items.spillDirectory().resolve("partition-" + partition)));
                long previous = 0;
                for (LatestItems.Entry entry : items.take(partition)) {
                    assertTrue(entry.item().line() > previous, "file order within a partition");
                    assertEquals("{\"id\":" + entry.item().line() + "}", new String(entry.item().json(), StandardCharsets.UTF_8));
                    assertEquals(entry.item().line(), entry.item().fingerprint());
                    previous = entry.item().line();
                    seen++;
                }
                assertFalse(Files.exists(items.spillDirectory().resolve("partition-" + partition)),
                        "a partition's file is deleted once read back");
                assertEquals(List.of(), items.take(partition), "a partition is taken once");
            }
            assertEquals(2_000, seen);
            Path directory = items.spillDirectory();
            items.close();
            assertFalse(Files.exists(directory));
        }
    }

    @Test
    void anInputLargerThanTheBudgetSpillsFromItsFirstItemASmallerOneStaysInMemory() {
        SyncMode mode = new SyncMode(false, false, 1 << 20);
        for (long bytes : new long[] {0, 1 << 20, (1 << 20) + 1, 1L << 34}) {
            try (LatestItems items = new LatestItems(mode.forInput(bytes).memoryBudget())) {
                items.add(new OutboundItem(OutboundItem.USERS, 2, "u", null, "{}".getBytes(StandardCharsets.UTF_8), 2),
                        io.profilesync.common.Hashes.of("u"));
                assertEquals(bytes > 1 << 20, items.spilled(), bytes + " bytes of input (0: not known)");
            }
        }
        assertEquals(mode, mode.forInput(1 << 20), "the same mode when it fits");
    }

    @Test
    void aSpilledItemLargerThanTheReadingWindowComesBackWhole() {
        String large = "{\"id\":\"" + "x".repeat(3 << 20) + "\"}";
        try (LatestItems items = new LatestItems(1_000)) {
            for (long line = 2; line < 6; line++) {
                String json = line == 3 ? large : "{\"id\":" + line + "}";
                items.add(new OutboundItem(OutboundItem.USERS, line, "u", null, json.getBytes(StandardCharsets.UTF_8), line),
                        io.profilesync.common.Hashes.of("u"));
            }
            assertTrue(items.spilled());
            List<LatestItems.Entry> entries = items.take(DestinationState.partition(io.profilesync.common.Hashes.of("u")));
            assertEquals(List.of(2L, 3L, 4L, 5L), entries.stream().map(entry -> entry.item().line()).toList());
            assertEquals(large, new String(entries.get(1).item().json(), StandardCharsets.UTF_8));
            assertEquals("{\"id\":5}", new String(entries.get(3).item().json(), StandardCharsets.UTF_8));
        }
    }

    private record Split(RunResult result, Map<String, String> tiers, Map<Long, Long> superseded) {
    }

    private static Split split(String csv, long memoryBudget) {
        Map<String, String> tiers = new HashMap<>();
        Map<Long, Long> superseded = new HashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        BatchSink sink = (destination, batch) -> {
            for (JsonNode user : Pipeline.parse(new String(batch.body(), StandardCharsets.UTF_8))) {
                String previous = tiers.put(user.get("name").asText(), user.at("/attributes/tier").asText());
                assertEquals(null, previous, "a user is sent once");
            }
        };
        RunResult result = new Splitter(Map.of(EvergageDestination.NAME, new EvergageDestination()), (destination, limits) -> limits, false)
                .split("users.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), MappingDocument.DEFAULT,
                        new Splitter.SyncPlan(destination -> DestinationState.NONE, new SyncMode(false, false, memoryBudget),
                                (line, destination, by) -> superseded.put(line, by)), sink, rejections::add, rows -> { });
        assertTrue(rejections.isEmpty(), rejections.toString());
        return new Split(result, tiers, superseded);
    }
}
