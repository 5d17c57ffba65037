package io.profilesync.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;


class BatchCutterTest {

    @Test
    void batchesNeverPassTheItemLimit() {
        List<Batch> batches = cut(new BatchLimits(3, Long.MAX_VALUE), 10, 10);

        assertEquals(List.of(3, 3, 3, 1), batches.stream().map(Batch::items).toList());
        assertEquals(List.of(1L, 4L, 7L, 10L), batches.stream().map(Batch::firstLine).toList());
    }

    @Test
    void batchesNeverPassTheByteLimitCountedOnTheWholeBody() {
        long limit = 1_000;
        List<Batch> batches = cut(new BatchLimits(1_000, limit), 50, 100);

        assertTrue(batches.size() > 1);
        batches.forEach(batch -> assertTrue(batch.body().length <= limit, batch.body().length + " bytes"));
        assertEquals(50, batches.stream().mapToInt(Batch::items).sum());
    }

    @Test
    void aBatchFilledToTheExactByteLimitIsAllowed() {
        JsonArrayFormat format = JsonArrayFormat.array(new BatchLimits(100, 1_000));
        OutboundItem item = item(1, 100);
        int perBatch = 0;
        while (format.sizeOf((long) (perBatch + 1) * item.json().length, perBatch + 1, null) <= 1_000) {
            perBatch++;
        }

        List<Batch> batches = cut(new BatchLimits(100, 1_000), perBatch + 1, 100);

        assertEquals(perBatch, batches.get(0).items());
    }

    @Test
    void anItemLargerThanTheLimitAloneDoesNotFit() {
        BatchCutter cutter = new BatchCutter("users", JsonArrayFormat.array(new BatchLimits(10, 50)), batch -> { });

        assertFalse(cutter.fits(item(1, 100)));
    }

    private static List<Batch> cut(BatchLimits limits, int items, int itemSize) {
        List<Batch> batches = new ArrayList<>();
        BatchCutter cutter = new BatchCutter("users", JsonArrayFormat.array(limits), batches::add);
        for (int line = 1; line <= items; line++) {
            cutter.add(item(line, itemSize));
        }
        cutter.flush();
        return batches;
    }

    private static OutboundItem item(long line, int size) {
        String padding = "x".repeat(Math.max(0, size - 8));
        return OutboundItem.of("users", line, JsonNodeFactory.instance.objectNode().put("p", padding));
    }
}
