package io.profilesync.splitting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** A partition's items as one self-contained blob: the table of names, then the items. */
    static byte[] encode(List<Entry> entries) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        int bytes = Integer.BYTES;
        byte[][] keys = new byte[entries.size()][];
        for (int i = 0; i < keys.length; i++) {
            Entry entry = entries.get(i);
            keys[i] = key(entry.item());
            bytes += size(entry, keys[i]);
            bytes += named(entry.item().stream(), ids, names);
            if (entry.item().shape() != null) {
                bytes += named(entry.item().shape(), ids, names);
            }
            for (Carried identifier : entry.identifiers()) {
                bytes += named(identifier.name(), ids, names);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(bytes);
        out.putInt(names.size());
        for (String name : names) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            out.putInt(utf8.length).put(utf8);
        }
        for (int i = 0; i < keys.length; i++) {
            Entry entry = entries.get(i);
            put(out, entry, keys[i], ids::get);
        }
        return out.array();
    }

    /** Numbers a name the table does not have yet; answers the bytes it adds to the table. */
    private static int named(String name, Map<String, Integer> ids, List<String> names) {
        if (ids.putIfAbsent(name, names.size()) != null) {
            return 0;
        }
        names.add(name);
        return Integer.BYTES + name.getBytes(StandardCharsets.UTF_8).length;
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
