package io.profilesync.destination.xtremepush;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.JsonWriter;

/**
 * {@code {"columns": [...], "rows": [[...], ...]}}. Every row of a request has exactly the request's columns:
 * a row's shape is its column list, and only rows of one shape share a request, so a value a row does not have
 * (a blank cell) is never sent as null, which could erase what Xtremepush holds. The apptoken is added by the
 * poster.
 */
final class XtremepushFormat implements BatchFormat {

    /**
     * Xtremepush's documented record limit per request ("Profile import": limit a request to 10,000 records), and
     * a byte cap of our own: Xtremepush documents none, and an unbounded body would be read whole into the poster's
     * memory and cross whatever request limit the destination's front end keeps unsaid. 10,000,000 bytes (about 1 KB
     * per row of a full request) is the payload limit of AWS API Gateway, a common front end's; a deployment
     * lowers it with {@code profile-sync.destinations.xtremepush.max-bytes}.
     */
    static final BatchLimits LIMITS = new BatchLimits(10_000, 10_000_000);
    private static final byte[] COLUMNS = "{\"columns\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROWS = ",\"rows\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

    /** Column lists seen so far, each written once: a file has few, and equal shapes are then one instance. */
    private static final int MAX_SHAPES = 4_096;
    private final Map<ProfileColumns.Shape, String> shapes = new HashMap<>();
    /** The last row's shape: rows mostly come in runs of one shape. */
    private ProfileColumns.Shape lastShape;
    private String lastShapeJson;
    private ShapeBytes lastShapeBytes;

    /** An item for this format: the profile's column names as its shape, its values as the row it becomes. */
    OutboundItem item(long line, String key, ProfileColumns profile) {
        if (lastShape == null || !profile.hasShape(lastShape)) {
            lastShape = profile.shape();
            lastShapeJson = shapes.get(lastShape);
            if (lastShapeJson == null) {
                lastShapeJson = new String(JsonWriter.toBytes(json -> {
                    json.startArray();
                    for (String name : lastShape.names()) {
                        json.string(name);
                    }
                    json.endArray();
                }), StandardCharsets.UTF_8);
                if (shapes.size() < MAX_SHAPES) {
                    shapes.put(lastShape, lastShapeJson);
                }
            }
        }
        return OutboundItem.written(OutboundItem.USERS, line, key, lastShapeJson, profile::writeRow);
    }

    @Override
    public BatchLimits limits() {
        return LIMITS;
    }

    @Override
    public byte[] body(List<OutboundItem> items) {
        String shape = items.get(0).shape();
        long itemBytes = 0;
        for (OutboundItem item : items) {
            if (!shape.equals(item.shape())) {
                throw new IllegalArgumentException("rows of different columns cannot share a request: " + shape
                        + " and " + item.shape());
            }
            itemBytes += item.json().length;
        }
        byte[] columns = shape.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[Math.toIntExact(size(columns.length, itemBytes, items.size()))];
        int at = copy(COLUMNS, body, 0);
        at = copy(columns, body, at);
        at = copy(ROWS, body, at);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = copy(items.get(i).json(), body, at);
        }
        copy(END, body, at);
        return body;
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    @Override
    public long sizeOf(long itemBytes, int itemCount, String shape) {
        return size(shape == null ? 2 : shapeBytes(shape), itemBytes, itemCount);
    }

    /** The shape's length in UTF-8, worked out once per run of items of one shape (twice an item otherwise). */
    private int shapeBytes(String shape) {
        ShapeBytes last = lastShapeBytes;
        if (last == null || !last.shape().equals(shape)) {
            last = new ShapeBytes(shape, shape.getBytes(StandardCharsets.UTF_8).length);
            lastShapeBytes = last;
        }
        return last.bytes();
    }

    /** Immutable, so that threads that share the format may race on the field harmlessly. */
    private record ShapeBytes(String shape, int bytes) {
    }

    private static long size(long shapeBytes, long itemBytes, int itemCount) {
        return COLUMNS.length + shapeBytes + ROWS.length + itemBytes + Math.max(0, itemCount - 1) + END.length;
    }
}
