package io.profilesync.splitting;

import java.util.List;

import io.profilesync.splitting.LatestItems.Entry;

/** One destination's accepted items of a run by partition of their key, each partition in file order. */
interface PartitionedItems {

    /** One partition's items, in file order; the partition is then let go. */
    List<Entry> take(int partition);
}
