package io.profilesync.splitting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import io.profilesync.batching.OutboundItem;
import io.profilesync.splitting.LatestItems.Carried;
import io.profilesync.splitting.LatestItems.Entry;

/**
 * The binary form of held items: per item its line, key hash, fingerprint, stream and shape (as numbers into a
 * table of names), JSON, and the identifiers it carries (name as a number, key hash, fingerprint). Used for the
 * temporary files of {@link LatestItems} and for the partitions a chunk of a file hands on to its run's reduce (see
 * {@link Splitter#readChunk}).
 */
final class ItemCodec {

    /**
     * The version of this form, recorded in a chunked run's plan: chunks written by one version and reduced by another
     * (a deploy in the middle of a run) would be misread, so a run planned with another form is refused.
     * 2: identifiers carried in their user's item (1: identifiers were items of their own).
     */
    static final int FORMAT = 2;

    /**
     * line, key hash, fingerprint, stream, shape, key length (-1: none), JSON length, identifiers; the key, the JSON
     * and the identifiers follow.
     */
    static final int HEADER_BYTES = 3 * Long.BYTES + 5 * Integer.BYTES;
    private static final int CARRIED_BYTES = Integer.BYTES + 2 * Long.BYTES;

    private ItemCodec() {
    }

    /** @param key the item's {@link #key}, encoded once for both this and {@link #put} */
    static int size(Entry entry, byte[] key) {
        return HEADER_BYTES + key.length + entry.item().json().length + entry.identifiers().length * CARRIED_BYTES;
    }

    /** The user key (a snapshot sync's key directory names users by it). */
    static byte[] key(OutboundItem item) {
        return item.key() == null ? new byte[0] : item.key().getBytes(StandardCharsets.UTF_8);
    }

    /** @param names the number of a stream, shape or identifier name in the table of names */
    static void put(ByteBuffer out, Entry entry, byte[] key, ToIntFunction<String> names) {
        OutboundItem item = entry.item();
        out.putLong(item.line()).putLong(entry.keyHash()).putLong(item.fingerprint()).putInt(names.applyAsInt(item.stream()))
                .putInt(item.shape() == null ? -1 : names.applyAsInt(item.shape())).putInt(item.key() == null ? -1 : key.length)
                .putInt(item.json().length).putInt(entry.identifiers().length).put(key).put(item.json());
        for (Carried identifier : entry.identifiers()) {
            out.putInt(names.applyAsInt(identifier.name())).putLong(identifier.keyHash()).putLong(identifier.fingerprint());
        }
    }

    /** Whether the buffer's remaining bytes start with a whole item. */
    static boolean isWhole(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES) {
            return false;
        }
        int key = Math.max(0, in.getInt(in.position() + HEADER_BYTES - 3 * Integer.BYTES));
        int json = in.getInt(in.position() + HEADER_BYTES - 2 * Integer.BYTES);
        int identifiers = in.getInt(in.position() + HEADER_BYTES - Integer.BYTES);
        return in.remaining() - HEADER_BYTES >= (long) key + json + (long) identifiers * CARRIED_BYTES;
    }

    static Entry get(ByteBuffer in, List<String> names) {
        long line = in.getLong();
        long keyHash = in.getLong();
        long fingerprint = in.getLong();
        String stream = names.get(in.getInt());
        int shape = in.getInt();
        int keyLength = in.getInt();
        byte[] json = new byte[in.getInt()];
        Carried[] identifiers = new Carried[in.getInt()];
        byte[] key = new byte[Math.max(0, keyLength)];
        in.get(key).get(json);
        for (int i = 0; i < identifiers.length; i++) {
            identifiers[i] = new Carried(names.get(in.getInt()), in.getLong(), in.getLong());
        }
        return new Entry(new OutboundItem(stream, line, keyLength < 0 ? null : new String(key, StandardCharsets.UTF_8),
                shape < 0 ? null : names.get(shape), json, fingerprint), keyHash, identifiers.length == 0 ? Entry.NONE : identifiers);
    }

    /**
     * A partition's items as one self-contained blob: the table of names, then the items, as {@link #put} wrote them
     * with those names' numbers.
     */
    static byte[] encode(List<String> names, byte[] items) {
        List<byte[]> utf8 = names.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES * (1 + utf8.size()) + utf8.stream().mapToInt(name -> name.length).sum()
                + items.length);
        out.putInt(utf8.size());
        utf8.forEach(name -> out.putInt(name.length).put(name));
        return out.put(items).array();
    }

    /** The items of blobs made by {@link #encode}, in their order. */
    static List<Entry> decode(List<byte[]> blobs) {
        List<Entry> entries = new ArrayList<>();
        for (byte[] blob : blobs) {
            ByteBuffer in = ByteBuffer.wrap(blob);
            List<String> names = new ArrayList<>();
            for (int count = in.getInt(); names.size() < count;) {
                byte[] utf8 = new byte[in.getInt()];
                in.get(utf8);
                names.add(new String(utf8, StandardCharsets.UTF_8));
            }
            while (in.hasRemaining()) {
                entries.add(get(in, names));
            }
        }
        return entries;
    }
}
