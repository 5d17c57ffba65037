package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A line the JSON parser cannot read is a broken row whose problem names what is wrong without copying the
 * value: the parser's own message quotes the token it stopped at, and that reaches the rejected-rows report and
 * the logs only masked.
 */
class ParserMessagesProperties {

    @Property(tries = 300)
    void aBrokenLineNeverCopiesTheValueIntoItsProblem(@ForAll("values") String value, @ForAll("shapes") String shape) {
        List<SourceRow> rows = CsvRowReaderTest.read("users.jsonl", "{\"user_id\":\"u1\"}\n" + shape.formatted(value) + "\n");

        assertEquals(2, rows.size());
        String problem = rows.get(1).problem();
        assertTrue(rows.get(1).isBroken() && problem.startsWith("not valid JSON: "), problem);
        // a tail that is a word of the parser's own message ("xtrue", "aJSON") proves nothing either way
        String neutral = CsvRowReaderTest.read("users.jsonl", "{\"user_id\":\"u1\"}\n" + shape.formatted(value.charAt(0)
                + "Qq7Qq7") + "\n").get(1).problem();
        Assume.that(!neutral.contains(value.substring(1)));
        assertFalse(problem.contains(value.substring(1)), problem);
        assertTrue(problem.contains("***"), "the message still names the token, masked: " + problem);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_").ofMinLength(3).ofMaxLength(24)
                .filter(value -> Character.isLetter(value.charAt(0)) && !List.of("null", "true", "false").contains(value));
    }

    @Provide
    Arbitrary<String> shapes() {
        return Arbitraries.of("{\"first_name\": %s}", "{\"user_id\":\"u2\",\"email\":%s}", "[%s]", "{\"age\": tru%s}");
    }
}
