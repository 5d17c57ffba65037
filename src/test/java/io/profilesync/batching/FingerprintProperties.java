package io.profilesync.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.profilesync.common.Hashes;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * A fingerprint is the FNV-1a hash of its shape's characters, then of its JSON (stored in every sync's state, so it
 * never changes), whatever shapes came before it on the thread: the seeds each thread keeps for its last few shapes
 * (by instance) never stand in for another shape's, an equal one of another instance included.
 */
class FingerprintProperties {

    @Property
    void aFingerprintIsItsShapesThenItsJsonsHashWhateverCameBefore(
            @ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("items") Item> items) {
        for (Item item : items) {
            long expected = Hashes.nonZero(Hashes.add(item.shape() == null ? Hashes.SEED : Hashes.add(Hashes.SEED, item.shape()),
                    item.json()));
            assertEquals(expected, OutboundItem.fingerprint(item.shape(), item.json()), "shape " + item.shape());
            assertEquals(expected, OutboundItem.written(OutboundItem.USERS, 2, "u", item.shape(),
                    json -> json.string(item.text())).fingerprint(), "written, shape " + item.shape());
        }
    }

    record Item(String shape, String text, byte[] json) {
    }

    @Provide
    Arbitrary<Item> items() {
        // more shapes than a thread keeps seeds for, two of them equal in content but not the same instance; the last
        // index stands for no shape
        List<String> shapes = List.of("[\"a\",\"b\"]", "[\"a\",\"c\"]", "email", "phone", "[\"x\"]", new String("[\"x\"]"));
        return Combinators.combine(Arbitraries.integers().between(0, shapes.size()), Arbitraries.strings().alpha().ofMaxLength(8))
                .as((shape, text) -> new Item(shape < shapes.size() ? shapes.get(shape) : null, text,
                        ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8)));
    }
}
