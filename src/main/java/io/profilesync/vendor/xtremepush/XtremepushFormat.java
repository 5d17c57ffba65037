package io.profilesync.vendor.xtremepush;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.common.JsonTrees;
import io.profilesync.vendor.OutboundItem;

/**
 * {@code {"columns": [...], "rows": [[...], ...]}}: the columns are those any row of the batch has, in order
 * of first appearance; a row without a column holds null there. The apptoken is added by the poster.
 */
final class XtremepushFormat implements BatchFormat {

    /** Xtremepush's documented record limit per request; it documents no byte limit. */
    static final BatchLimits LIMITS = new BatchLimits(10_000, Long.MAX_VALUE);
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public BatchLimits limits() {
        return LIMITS;
    }

    @Override
    public byte[] body(List<OutboundItem> items) {
        Set<String> columns = new LinkedHashSet<>();
        long size = 0;
        for (OutboundItem item : items) {
            item.node().fieldNames().forEachRemaining(columns::add);
            size += item.json().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size + 1024, Integer.MAX_VALUE - 8));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("columns");
            for (String column : columns) {
                json.writeString(column);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("rows");
            for (OutboundItem item : items) {
                json.writeStartArray();
                for (String column : columns) {
                    JsonNode value = item.node().get(column);
                    if (value == null) {
                        json.writeNull();
                    } else {
                        JsonTrees.write(json, value);
                    }
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount) {
        return itemBytes;
    }
}
