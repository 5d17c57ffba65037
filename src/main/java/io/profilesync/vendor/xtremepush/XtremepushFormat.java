package io.profilesync.vendor.xtremepush;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.vendor.OutboundItem;

/**
 * {@code {"columns": [...], "rows": [[...], ...]}}: the columns are those any row of the batch has, in order
 * of first appearance; a row without a column holds null there. The apptoken is added by the poster.
 */
final class XtremepushFormat implements BatchFormat {

    /** Xtremepush's documented record limit per request; it documents no byte limit. */
    static final BatchLimits LIMITS = new BatchLimits(10_000, Long.MAX_VALUE);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public BatchLimits limits() {
        return LIMITS;
    }

    @Override
    public byte[] body(List<OutboundItem> items) {
        Set<String> columns = new LinkedHashSet<>();
        for (OutboundItem item : items) {
            item.node().fieldNames().forEachRemaining(columns::add);
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode columnNames = body.putArray("columns");
        columns.forEach(columnNames::add);
        ArrayNode rows = body.putArray("rows");
        List<String> order = new ArrayList<>(columns);
        for (OutboundItem item : items) {
            ArrayNode row = rows.addArray();
            for (Iterator<String> it = order.iterator(); it.hasNext();) {
                JsonNode value = item.node().get(it.next());
                row.add(value == null ? JSON.nullNode() : value);
            }
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount) {
        return itemBytes;
    }
}
