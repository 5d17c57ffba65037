package io.profilesync.destination.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.Rows;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A user as Insider received it, mapped again (a replayed callback): what the mapper sent comes back byte for byte
 * with the same key, and an edit is held to the rules a file's row is held to.
 */
class InsiderRevalidationProperties {

    private static final DestinationMapper MAPPER = new InsiderDestination().mapper(
            Pipeline.parse("{\"custom_identifiers\":{\"crm_id\":\"crm\"}}"), Optional.empty());

    @Property(tries = 300)
    void whatTheMapperSentComesBackUnchanged(@ForAll("rows") List<String> row) {
        MappedRow sent = MAPPER.map(Rows.of(row.toArray(String[]::new)));
        if (!sent.isAccepted()) {
            return;
        }
        OutboundItem item = sent.items().get(0);

        MappedRow again = InsiderDestination.revalidate(item.line(), Pipeline.parse(new String(item.json(), StandardCharsets.UTF_8)));

        assertTrue(again.isAccepted(), () -> again.violations().toString());
        assertEquals(item.key(), again.items().get(0).key());
        assertEquals(new String(item.json(), StandardCharsets.UTF_8), new String(again.items().get(0).json(), StandardCharsets.UTF_8));
    }

    @Property(tries = 100)
    void anEditedIdentifierIsHeldToInsidersRule(@ForAll("badEmails") String email) {
        JsonNode user = Pipeline.parse("{\"identifiers\":{\"uuid\":\"u7\",\"email\":" + Pipeline.JSON.getNodeFactory().textNode(email).toString()
                + "},\"attributes\":{\"name\":\"Seven\"}}");

        MappedRow again = InsiderDestination.revalidate(1, user);

        assertFalse(again.isAccepted());
        assertEquals(List.of("identifiers.email"), again.violations().stream().map(Violation::field).toList());
        assertEquals(InsiderUserMapper.EMAIL_RULE, again.violations().get(0).rule());
        assertFalse(again.violations().get(0).message().contains(email.substring(1)), "the value is masked");
    }

    @Test
    void anEventsBrokenTimestampIsNamedWithoutItsValue() {
        MappedRow again = InsiderDestination.revalidate(1, Pipeline.parse("{\"identifiers\":{\"uuid\":\"u7\"},"
                + "\"events\":[{\"event_name\":\"login\",\"timestamp\":\"jane.doe-birthday\"}]}"));

        assertEquals(List.of("type(rfc3339)"), again.violations().stream().map(Violation::rule).toList());
        assertFalse(again.violations().get(0).message().contains("ane.doe"), again.violations().get(0).message());
    }

    @Test
    void onlyWhatTheMapperProducesIsReplayed() {
        ObjectNode user = (ObjectNode) Pipeline.parse("{\"identifiers\":{\"uuid\":\"u7\"},\"attributes\":{\"name\":\"Seven\","
                + "\"custom\":{\"tier\":\"gold\"}},\"error\":\"unification failed\"}");

        JsonNode replayed = Pipeline.parse(new String(InsiderDestination.revalidate(1, user).items().get(0).json(), StandardCharsets.UTF_8));
        user.with("attributes").put("static_segment_id", 3);
        MappedRow unknownAttribute = InsiderDestination.revalidate(1, user);
        MappedRow nothingToSend = InsiderDestination.revalidate(1, Pipeline.parse("{\"identifiers\":{\"uuid\":\"u7\"}}"));
        MappedRow notAUser = InsiderDestination.revalidate(1, Pipeline.parse("[1]"));

        assertEquals(Pipeline.parse("{\"identifiers\":{\"uuid\":\"u7\"},\"attributes\":{\"name\":\"Seven\",\"custom\":{\"tier\":\"gold\"}}}"),
                replayed, "Insider's error details are not sent back to it");
        assertEquals(List.of(new Violation("attributes.static_segment_id", "known(attribute)",
                "not an attribute profile-sync sends: custom attributes go under attributes.custom")), unknownAttribute.violations());
        assertEquals(List.of("required"), nothingToSend.violations().stream().map(Violation::rule).toList());
        assertEquals(List.of("type(object)"), notAUser.violations().stream().map(Violation::rule).toList());
    }

    @Provide
    Arbitrary<List<String>> rows() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abcXYZ 019-_.@+éü\"\\").ofMinLength(1).ofMaxLength(12)
                .filter(value -> !value.isBlank());
        Arbitrary<String> email = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("example.com", "mail.co.uk")).as((local, domain) -> local + "@" + domain);
        Arbitrary<String> phone = Arbitraries.longs().between(1_000_000L, 99_999_999_999_999L).map(digits -> "+" + digits);
        Arbitrary<String> age = Arbitraries.oneOf(Arbitraries.integers().between(0, 120).map(String::valueOf),
                Arbitraries.of("30.5", "1e2", "40"));
        Arbitrary<String> birthday = Arbitraries.of("1993-03-12", "1980-01-01T00:00:00Z", "2000-02-29T23:30:00-05:00");
        Arbitrary<String> bool = Arbitraries.of("true", "false");
        return Combinators.combine(List.of(
                field("user_id", text), field("email", email), field("phone", phone), field("crm", text),
                field("first_name", text), field("last_name", text), field("city", text), field("age", age),
                field("birthday", birthday), field("email_optin", bool), field("gdpr_optin", bool),
                field("loyalty_tier", text), field("favourite", text)))
                .as(fields -> {
                    List<String> keyValues = new ArrayList<>();
                    fields.forEach(keyValues::addAll);
                    return keyValues;
                });
    }

    @Provide
    Arbitrary<String> badEmails() {
        return Arbitraries.strings().withChars("abcdefxyz.-_").ofMinLength(4).ofMaxLength(20);
    }

    /** The field with a value, or nothing (a row need not have every field). */
    private static Arbitrary<List<String>> field(String name, Arbitrary<String> value) {
        return Arbitraries.oneOf(Arbitraries.just(List.of()), value.map(v -> List.of(name, v)));
    }
}
