package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.profilesync.mapping.Values;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Dates are told apart without a regex exactly as with one ({@code ^\d{4}-\d{2}-\d{2}$}); booleans are read without
 * lowering each value exactly as with it; typed values are written as Jackson writes them, a decimal without an exponent.
 */
class ValuesProperties {

    private static final Pattern PLAIN_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    @Property(tries = 3000)
    void datesAreReadAsTheRegexReadThem(@ForAll("dateLike") String text) {
        assertEquals(calendarDateByRegex(text), Values.calendarDate(text));
        assertEquals(utcDateTimeByRegex(text), Values.utcDateTime(text));
    }

    @Property(tries = 3000)
    void typedValuesAreTheirJsonTextADecimalWrittenPlain(@ForAll("typedNodes") JsonNode value) {
        if (value.isBigDecimal()) {
            // no exponent, as a CSV cell would hold it: the same number
            assertEquals(value.decimalValue().toPlainString(), Values.jsonText(value));
            assertEquals(0, value.decimalValue().compareTo(new BigDecimal(Values.jsonText(value))));
        } else {
            assertEquals(value.toString(), Values.jsonText(value));
        }
    }

    @Provide
    Arbitrary<JsonNode> typedNodes() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Arbitraries.oneOf(Arbitraries.of(true, false).map(nodes::booleanNode), Arbitraries.integers().map(nodes::numberNode),
                Arbitraries.longs().map(nodes::numberNode), Arbitraries.doubles().map(nodes::numberNode),
                Arbitraries.bigDecimals().map(nodes::numberNode), Arbitraries.bigIntegers().map(nodes::numberNode),
                Arbitraries.bigDecimals().ofScale(3).map(decimal -> decimal.scaleByPowerOfTen(-40)).map(nodes::numberNode),
                Arbitraries.strings().map(nodes::textNode),
                Arbitraries.strings().map(text -> nodes.arrayNode().add(text).add(1)));
    }

    @Property(tries = 3000)
    void booleansAreReadAsLoweringThemReadThem(@ForAll("booleanLike") String text) {
        assertEquals(boolByLowering(text), Values.bool(text));
    }

    @Provide
    Arbitrary<String> booleanLike() {
        // the words in any case, near misses, and characters whose case mapping is not ASCII's (long s, Kelvin, dotted I)
        Arbitrary<String> words = Arbitraries.of("true", "1", "yes", "y", "t", "false", "0", "no", "n", "f", "ye", "tru", "")
                .flatMap(word -> Arbitraries.integers().between(0, (1 << word.length()) - 1).map(mask -> mixedCase(word, mask)));
        Arbitrary<String> noisy = Arbitraries.strings().withChars("tTrRuUeEyYsSnNoOfFaAlL01 \u017F\u212A\u0130\n".toCharArray())
                .ofMaxLength(6);
        return Arbitraries.oneOf(words, words.map(word -> " " + word + "\t"), noisy);
    }

    private static String mixedCase(String word, int upperMask) {
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            mixed.append((upperMask >> i & 1) == 1 ? Character.toUpperCase(c) : c);
        }
        return mixed.toString();
    }

    private static Optional<Boolean> boolByLowering(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "y", "t" -> Optional.of(Boolean.TRUE);
            case "false", "0", "no", "n", "f" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    @Provide
    Arbitrary<String> dateLike() {
        Arbitrary<String> noisy = Arbitraries.strings().withChars("0123456789-T:Z+ \n٣".toCharArray()).ofMaxLength(14);
        Arbitrary<String> dates = Arbitraries.integers().between(0, 9999).flatMap(year -> Arbitraries.integers().between(0, 13)
                .flatMap(month -> Arbitraries.integers().between(0, 32).map(day -> String.format("%04d-%02d-%02d", year, month, day))));
        Arbitrary<String> suffixed = dates.flatMap(date -> Arbitraries.of("", "\n", " ", "T10:00:00+02:00", "T00:00:00Z", "x")
                .map(suffix -> date + suffix));
        return Arbitraries.oneOf(noisy, suffixed);
    }

    private static Optional<String> calendarDateByRegex(String text) {
        String trimmed = text.strip();
        Optional<LocalDate> date = PLAIN_DATE.matcher(trimmed).matches() ? plainDate(trimmed)
                : Values.rfc3339(trimmed).map(OffsetDateTime::toLocalDate);
        return date.map(day -> day + "T00:00:00Z");
    }

    private static Optional<String> utcDateTimeByRegex(String text) {
        String trimmed = text.strip();
        if (PLAIN_DATE.matcher(trimmed).matches()) {
            return plainDate(trimmed).map(date -> date + "T00:00:00Z");
        }
        return Values.rfc3339(trimmed).map(time -> time.withOffsetSameInstant(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")));
    }

    private static Optional<LocalDate> plainDate(String text) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                    Integer.parseInt(text, 8, 10, 10)));
        } catch (java.time.DateTimeException notADate) {
            return Optional.empty();
        }
    }
}
