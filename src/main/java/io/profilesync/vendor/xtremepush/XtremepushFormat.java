package io.profilesync.vendor.xtremepush;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.JsonTrees;

/**
 * {@code {"columns": [...], "rows": [[...], ...]}}: the columns are those any row of the batch has, in order
 * of first appearance; a row without a column holds null there. The apptoken is added by the poster.
 * <p>
 * Each item carries its row already serialized as a JSON array of its own columns' values, so that a batch
 * whose rows all have the batch's columns (the usual case: one CSV header) is written by copying bytes;
 * only rows of another shape are written again, column by column.
 */
final class XtremepushFormat implements BatchFormat {

    /** Xtremepush's documented record limit per request; it documents no byte limit. */
    static final BatchLimits LIMITS = new BatchLimits(10_000, Long.MAX_VALUE);
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] COLUMNS = "{\"columns\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROWS = ",\"rows\":".getBytes(StandardCharsets.UTF_8);

    /** An item for this format: the profile as JSON, and its values as the row it becomes. */
    static OutboundItem item(long line, ObjectNode profile) {
        byte[] row = JsonTrees.toBytes(json -> {
            json.writeStartArray();
            for (JsonNode value : profile) {
                JsonTrees.write(json, value);
            }
            json.writeEndArray();
        });
        return new OutboundItem(OutboundItem.USERS, line, profile, row);
    }

    @Override
    public BatchLimits limits() {
        return LIMITS;
    }

    @Override
    public byte[] body(List<OutboundItem> items) {
        boolean uniform = true;
        for (int i = 1; i < items.size() && uniform; i++) {
            uniform = sameFields(items.get(i).node(), items.get(i - 1).node());
        }
        List<String> columns = uniform ? fieldNames(items.get(0).node()) : columns(items);
        long size = 0;
        for (OutboundItem item : items) {
            size += item.json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size + 1024, Integer.MAX_VALUE - 8));
        try {
            writeColumns(out, columns);
            out.write('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                OutboundItem item = items.get(i);
                if (uniform || hasColumns(item.node(), columns)) {
                    out.writeBytes(item.json());
                } else {
                    writeRow(out, item.node(), columns);
                }
            }
            out.write(']');
            out.write('}');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>(row.size());
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every column of the batch in order of first appearance; rows of the same shape as the one before are skipped. */
    private static List<String> columns(List<OutboundItem> items) {
        Set<String> columns = new LinkedHashSet<>();
        JsonNode previous = null;
        for (OutboundItem item : items) {
            if (previous == null || !sameFields(item.node(), previous)) {
                item.node().fieldNames().forEachRemaining(columns::add);
                previous = item.node();
            }
        }
        return new ArrayList<>(columns);
    }

    private static boolean sameFields(JsonNode row, JsonNode other) {
        if (row.size() != other.size()) {
            return false;
        }
        Iterator<String> names = row.fieldNames();
        Iterator<String> otherNames = other.fieldNames();
        while (names.hasNext()) {
            if (!names.next().equals(otherNames.next())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the row's own columns are exactly the batch's, in the same order (its bytes are then the row). */
    private static boolean hasColumns(JsonNode row, List<String> columns) {
        if (row.size() != columns.size()) {
            return false;
        }
        int index = 0;
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); index++) {
            if (!names.next().equals(columns.get(index))) {
                return false;
            }
        }
        return true;
    }

    private static void writeColumns(ByteArrayOutputStream out, List<String> columns) throws IOException {
        out.writeBytes(COLUMNS);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (String column : columns) {
                json.writeString(column);
            }
            json.writeEndArray();
        }
        out.writeBytes(ROWS);
    }

    private static void writeRow(ByteArrayOutputStream out, JsonNode row, List<String> columns) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (String column : columns) {
                JsonNode value = row.get(column);
                if (value == null) {
                    json.writeNull();
                } else {
                    JsonTrees.write(json, value);
                }
            }
            json.writeEndArray();
        }
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount) {
        return itemBytes;
    }
}
