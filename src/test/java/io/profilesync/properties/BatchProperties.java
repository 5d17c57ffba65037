package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.profilesync.batching.Batch;
import io.profilesync.batching.BatchCutter;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.JsonArrayFormat;
import io.profilesync.batching.LineRanges;
import io.profilesync.batching.OutboundItem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** For any sequence of users, a destination's batches hold every user exactly once, in order, and never pass a limit. */
class BatchProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 200)
    void batchesHoldEveryUserOnceInOrderWithinTheLimits(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 400) Integer> userSizes,
            @ForAll @IntRange(min = 1, max = 50) int maxItems, @ForAll @IntRange(min = 450, max = 5_000) int maxBytes)
            throws Exception {
        BatchLimits limits = new BatchLimits(maxItems, maxBytes);
        List<Batch> batches = new ArrayList<>();
        BatchCutter cutter = new BatchCutter("users", JsonArrayFormat.array(limits), batches::add);
        List<Long> accepted = new ArrayList<>();
        long line = 1;
        for (int size : userSizes) {
            OutboundItem user = OutboundItem.of("users", line, JsonNodeFactory.instance.objectNode().put("id", line)
                    .put("pad", "p".repeat(size)));
            if (cutter.fits(user)) {
                cutter.add(user);
                accepted.add(line);
            }
            line += 1 + line % 3;
        }
        cutter.flush();

        List<Long> delivered = new ArrayList<>();
        for (Batch batch : batches) {
            assertTrue(batch.items() <= maxItems, "items " + batch.items());
            assertTrue(batch.body().length <= maxBytes, "bytes " + batch.body().length);
            JsonNode users = JSON.readTree(batch.body());
            assertEquals(batch.items(), users.size());
            for (int i = 0; i < users.size(); i++) {
                long id = users.get(i).get("id").asLong();
                assertEquals(id, LineRanges.lineAt(batch.lineRanges(), i), "line ranges name each user's line");
                delivered.add(id);
            }
        }
        assertEquals(accepted, delivered);
    }
}
