package io.profilesync.batching;

import java.util.List;


/** How a destination wraps items into one request body, and the limits that body must keep. */
public interface BatchFormat {

    BatchLimits limits();

    /** The exact request body for these items (credentials are added by the poster, never stored). */
    byte[] body(List<OutboundItem> items);

    /**
     * The body size these items would make, computed without building it. Formats whose body is the items'
     * JSON joined by commas inside a fixed envelope get this for free; others answer an upper bound.
     *
     * @param shape the items' {@link OutboundItem#shape() shape}, which every item of one request shares
     */
    long sizeOf(long itemBytes, int itemCount, String shape);
}
