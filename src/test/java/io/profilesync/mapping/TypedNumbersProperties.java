package io.profilesync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

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
 * Java, and was sent to Xtremepush as "2.0E+7").
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
    void aTypedDecimalOfNegativeScaleIsItsPlainDecimal(@ForAll("unscaled") long unscaled, @ForAll("negativeScales") int scale) {
        BigDecimal decimal = BigDecimal.valueOf(unscaled, scale);
        JsonNode node = (JsonNode) typedValues.convert(ValueType.NUMBER, (Object) decimal).orElseThrow();

        assertEquals(0, decimal.compareTo(node.decimalValue()), "the same number");
        assertPlain(Values.jsonText(node), decimal);
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

    @Provide
    Arbitrary<Integer> negativeScales() {
        return Arbitraries.integers().between(-12, -1);
    }
}
