package io.profilesync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A number a file typed (a Parquet DOUBLE, FLOAT or DECIMAL) becomes the decimal and the text a CSV cell holding it
 * would: its value unchanged, and no exponent form for a large round number (a double of 20,000,000 is "2.0E7" in
 * Java, and was sent to Xtremepush as "2.0E+7") or a small one (a DECIMAL of 0.00000012 is "1.2E-7").
 */
class TypedNumbersProperties {

    private final TypedValues typedValues = new TypedValues(";");

    @Property
    void aTypedDoubleIsItsPlainDecimal(@ForAll("doubles") double value) {
        JsonNode node = (JsonNode) typedValues.convert(null, (Object) value).orElseThrow();

        assertEquals(0, new BigDecimal(Double.toString(value)).compareTo(node.decimalValue()), "the same number");
        assertPlain(Values.jsonText(node), value);
    }

    @Property
    void aTypedDecimalOfAnyScaleIsItsPlainDecimal(@ForAll("unscaled") long unscaled, @ForAll("scales") int scale) {
        BigDecimal decimal = BigDecimal.valueOf(unscaled, scale);
        JsonNode node = (JsonNode) typedValues.convert(ValueType.NUMBER, (Object) decimal).orElseThrow();

        assertEquals(0, decimal.compareTo(node.decimalValue()), "the same number");
        assertPlain(Values.jsonText(node), decimal);
        // and as the text a mapper takes of a typed field (Xtremepush's profile columns, Evergage's attributes)
        CanonicalRow row = CanonicalRow.of(1, Map.of(), Map.of("amount", node), List.of());
        assertPlain(row.get("amount"), decimal);
        assertEquals(0, decimal.compareTo(new BigDecimal(row.get("amount"))), "the same number as text");
    }

    private static void assertPlain(String text, Object value) {
        assertTrue(text.matches("-?\\d+(\\.\\d+)?"), value + " as " + text + ": a CSV number has no exponent");
    }

    /** Round and large doubles, whose shortest text Java writes with an exponent, and ordinary ones. */
    @Provide
    Arbitrary<Double> doubles() {
        Arbitrary<Double> round = Combinators.combine(Arbitraries.integers().between(1, 999), Arbitraries.integers().between(7, 18))
                .as((digits, power) -> digits * Math.pow(10, power));
        Arbitrary<Double> ordinary = Arbitraries.doubles().between(-1e6, 1e6).ofScale(4);
        return Arbitraries.oneOf(round, round.map(value -> -value), ordinary);
    }

    @Provide
    Arbitrary<Long> unscaled() {
        return Arbitraries.longs().between(-1_000_000, 1_000_000);
    }

    /** Negative scales (a round number: 2.0E+7) and scales past six digits (a small one: 1.2E-7), the exponent forms. */
    @Provide
    Arbitrary<Integer> scales() {
        return Arbitraries.integers().between(-12, 18);
    }
}
