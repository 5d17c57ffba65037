package io.profilesync.splitting;

import java.util.List;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.OutboundItem;

/** A destination's body format with the deployment's tighter limits. */
record CappedFormat(BatchFormat format, BatchLimits limits) implements BatchFormat {

    @Override
    public byte[] body(List<OutboundItem> items) {
        return format.body(items);
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount, String shape) {
        return format.sizeOf(itemBytes, itemCount, shape);
    }
}
