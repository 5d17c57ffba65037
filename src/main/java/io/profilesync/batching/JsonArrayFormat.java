package io.profilesync.batching;

import java.nio.charset.StandardCharsets;
import java.util.List;


/** A body that is a fixed prefix, the items' JSON separated by commas, and a fixed suffix. */
public final class JsonArrayFormat implements BatchFormat {

    private final BatchLimits limits;
    private final byte[] prefix;
    private final byte[] suffix;

    public JsonArrayFormat(BatchLimits limits, String prefix, String suffix) {
        this.limits = limits;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
    }

    /** A bare JSON array: {@code [item,item]}. */
    public static JsonArrayFormat array(BatchLimits limits) {
        return new JsonArrayFormat(limits, "[", "]");
    }

    @Override
    public BatchLimits limits() {
        return limits;
    }

    /** Written straight into an array of the exact size: a batch body can be megabytes, so it is never copied. */
    @Override
    public byte[] body(List<OutboundItem> items) {
        long itemBytes = 0;
        for (OutboundItem item : items) {
            itemBytes += item.json().length;
        }
        byte[] body = new byte[Math.toIntExact(sizeOf(itemBytes, items.size(), null))];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        int at = prefix.length;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] json = items.get(i).json();
            System.arraycopy(json, 0, body, at, json.length);
            at += json.length;
        }
        System.arraycopy(suffix, 0, body, at, suffix.length);
        return body;
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount, String shape) {
        return prefix.length + suffix.length + itemBytes + Math.max(0, itemCount - 1);
    }
}
