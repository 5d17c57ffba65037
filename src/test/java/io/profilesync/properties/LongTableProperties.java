package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.common.LongTable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link LongTable} answers as a map does, through its growth and with keys that collide in its slots. */
class LongTableProperties {

    @Property(tries = 100)
    void itAnswersAsAMap(@ForAll("puts") List<long[]> puts) {
        LongTable table = new LongTable();
        Map<Long, Long> map = new HashMap<>();
        for (long[] put : puts) {
            table.put(put[0], put[1]);
            map.put(put[0], put[1]);
        }
        assertEquals(map.size(), table.size());
        map.forEach((key, value) -> assertEquals(value, table.get(key, -1)));
        assertEquals(-1, table.get(Long.MIN_VALUE + 12345, -1), "a key never put");
        Map<Long, Long> visited = new HashMap<>();
        table.forEach(visited::put);
        assertEquals(map, visited);
    }

    @Property(tries = 100)
    void putIfAbsentKeepsTheFirstValueAsAMapDoes(@ForAll("puts") List<long[]> puts) {
        LongTable table = new LongTable();
        Map<Long, Long> map = new HashMap<>();
        for (long[] put : puts) {
            Long had = map.putIfAbsent(put[0], put[1]);
            assertEquals(had == null ? Long.MIN_VALUE : had, table.putIfAbsent(put[0], put[1], Long.MIN_VALUE));
        }
        assertEquals(map.size(), table.size());
        map.forEach((key, value) -> assertEquals(value, table.get(key, -1)));
    }

    @Provide
    Arbitrary<List<long[]>> puts() {
        // keys from a small range collide and repeat; multiples of 2^32 hit the same slot
        Arbitrary<Long> keys = Arbitraries.oneOf(Arbitraries.longs().between(1, 300), Arbitraries.longs().filter(key -> key != 0),
                Arbitraries.integers().between(1, 40).map(n -> (long) n << 32));
        return Arbitraries.longs().flatMap(value -> keys.map(key -> new long[] {key, value})).list().ofMaxSize(1000);
    }
}
