package io.profilesync.batching;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.profilesync.vendor.OutboundItem;

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

    @Override
    public byte[] body(List<OutboundItem> items) {
        long size = sizeOf(items.stream().mapToLong(item -> item.json().length).sum(), items.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 8));
        out.writeBytes(prefix);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i).json());
        }
        out.writeBytes(suffix);
        return out.toByteArray();
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount) {
        return prefix.length + suffix.length + itemBytes + Math.max(0, itemCount - 1);
    }
}
