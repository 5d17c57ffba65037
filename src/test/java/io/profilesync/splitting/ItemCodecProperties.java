package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import io.profilesync.batching.OutboundItem;
import io.profilesync.splitting.LatestItems.Carried;
import io.profilesync.splitting.LatestItems.Entry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Items handed from a chunk to its run's reduce, or spilled to disk, come back whole: their user key too (a snapshot
 * sync names removed users by it) and the identifiers a user's item carries, and a partly written item is never read as
 * whole.
 */
class ItemCodecProperties {

    @Property(tries = 200)
    void itemsComeBackWhole(@ForAll("entries") List<Entry> added, @ForAll boolean spilled) {
        List<Entry> back;
        try (LatestItems items = new LatestItems(spilled ? 0 : Long.MAX_VALUE)) {
            added.forEach(items::add);
            back = ItemCodec.decode(IntStream.range(0, DestinationState.PARTITIONS).mapToObj(items::takeEncoded)
                    .filter(Objects::nonNull).toList());
        }
        // handed on by partition, each in the order its items came
        List<Entry> entries = added.stream().sorted(Comparator.comparingInt(entry -> DestinationState.partition(entry.keyHash())))
                .toList();

        assertEquals(entries.size(), back.size());
        for (int i = 0; i < entries.size(); i++) {
            OutboundItem sent = entries.get(i).item();
            OutboundItem read = back.get(i).item();
            assertEquals(List.of(sent.stream(), sent.line(), String.valueOf(sent.key()), String.valueOf(sent.shape()),
                    sent.fingerprint(), entries.get(i).keyHash()), List.of(read.stream(), read.line(),
                    String.valueOf(read.key()), String.valueOf(read.shape()), read.fingerprint(), back.get(i).keyHash()));
            assertArrayEquals(sent.json(), read.json());
            assertEquals(List.of(entries.get(i).identifiers()), List.of(back.get(i).identifiers()));
        }
    }

    @Property(tries = 200)
    void aCutItemIsNeverWhole(@ForAll("entry") Entry entry) {
        byte[] key = ItemCodec.key(entry.item());
        ByteBuffer out = ByteBuffer.allocate(ItemCodec.size(entry, key));
        ItemCodec.put(out, entry, key, name -> name.length());
        byte[] bytes = out.array();

        for (int cut = 0; cut < bytes.length; cut++) {
            assertFalse(ItemCodec.isWhole(ByteBuffer.wrap(bytes, 0, cut)), "cut at " + cut + " of " + bytes.length);
        }
        assertTrue(ItemCodec.isWhole(ByteBuffer.wrap(bytes)));
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        return entry().list().ofMaxSize(50);
    }

    @Provide
    Arbitrary<Entry> entry() {
        Arbitrary<String> keys = Arbitraries.strings().ofMaxLength(40).injectNull(0.2);
        Arbitrary<String> shapes = Arbitraries.of("a,b", "c").injectNull(0.5);
        Arbitrary<byte[]> json = Arbitraries.strings().ofMaxLength(200).map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<Carried[]> identifiers = Combinators.combine(Arbitraries.of("email", "phone", "mobile_number"),
                Arbitraries.longs(), Arbitraries.longs()).as(Carried::new).array(Carried[].class).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(OutboundItem.USERS, "accounts"), Arbitraries.longs().between(1, 1_000_000),
                keys, shapes, json, Arbitraries.longs(), identifiers).as((stream, line, key, shape, body, fingerprint, carried) -> new Entry(
                        new OutboundItem(stream, line, key, shape, body, fingerprint), key == null ? 0 : fingerprint ^ line, carried));
    }
}
