package io.profilesync.destination.insider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.Columns;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.testing.Items;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.Rows;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;

class InsiderUserMapperTest {

    private final DestinationMapper defaults = new InsiderDestination().mapper(null, Optional.empty());

    @Test
    void aBirthdayKeepsItsCalendarDateAtMidnightUtcWhateverItsOffset() {
        JsonNode plain = user(defaults.map(Rows.of("user_id", "u1", "birthday", "1993-03-12")));
        JsonNode offset = user(defaults.map(Rows.of("user_id", "u1", "birthday", "1993-03-12T00:00:00+02:00")));
        JsonNode late = user(defaults.map(Rows.of("user_id", "u1", "birthday", "1993-03-12T23:30:00-05:00")));

        assertEquals("1993-03-12T00:00:00Z", plain.at("/attributes/birthday").asText());
        assertEquals("1993-03-12T00:00:00Z", offset.at("/attributes/birthday").asText(), "not the 11th");
        assertEquals("1993-03-12T00:00:00Z", late.at("/attributes/birthday").asText(), "not the 13th");
    }

    @ParameterizedTest
    @CsvSource({
        "email, sample, 'regexp(^.+@.+\\..+$)'",
        "phone, 12345, 'regexp(^\\+[1-9]\\d{6,14}$)'",
        "phone, +0447700900900, 'regexp(^\\+[1-9]\\d{6,14}$)'",
        "age, thirty, type(number)",
        "birthday, tomorrow, type(date)",
        "email_optin, maybe, type(boolean)",
        "gdpr_optin, perhaps, type(boolean)",
    })
    void aValueThatBreaksADocumentedRuleRejectsTheRowNamingFieldAndRule(String field, String value, String rule) {
        MappedRow mapped = defaults.map(Rows.of("user_id", "u1", "first_name", "Jane", field, value));

        assertFalse(mapped.isAccepted());
        assertEquals(List.of(field), mapped.violations().stream().map(Violation::field).toList());
        assertEquals(rule, mapped.violations().get(0).rule());
        assertFalse(mapped.violations().get(0).message().contains(value.substring(1)), "values are masked");
    }

    @Test
    void typedNumbersAndBooleansAreTakenAsTheyAreWhateverTheirText() {
        // a Parquet DOUBLE of 1e10 is the decimal 1.0E+10, whose text is in exponent form
        CanonicalRow row = new CanonicalRow(2, new Columns(List.of("user_id", "age", "email_optin")), new String[] {"u1", null, null},
                Map.of("age", DecimalNode.valueOf(new BigDecimal("1.0E+10")), "email_optin", BooleanNode.TRUE), List.of());

        MappedRow mapped = defaults.map(row);

        assertEquals(List.of(), mapped.violations());
        JsonNode user = user(mapped);
        assertEquals(new BigDecimal("10000000000"), user.at("/attributes/age").decimalValue().stripTrailingZeros().setScale(0));
        assertTrue(user.at("/attributes/email_optin").booleanValue());
    }

    @Test
    void aPhoneNumberWithTypedPunctuationIsCompactedToE164() {
        JsonNode user = user(defaults.map(Rows.of("user_id", "u1", "phone", "+44 (7700) 900-900", "first_name", "J")));

        assertEquals("+447700900900", user.at("/identifiers/phone_number").asText());
    }

    @Test
    void aUserIdentifiedByAnyDocumentedIdentifierAloneIsAccepted() {
        MappedRow byEmail = defaults.map(Rows.of("email", "jane@example.com", "first_name", "Jane"));
        MappedRow byPhone = defaults.map(Rows.of("phone", "+447700900900", "first_name", "Jane"));
        MappedRow byNothing = defaults.map(Rows.of("first_name", "Jane"));

        assertTrue(byEmail.isAccepted());
        assertEquals("email:jane@example.com", byEmail.items().get(0).key());
        assertTrue(byPhone.isAccepted());
        assertEquals("phone_number:+447700900900", byPhone.items().get(0).key());
        assertEquals(List.of(new Violation("identifiers", "required", "either insider_id or identifiers must be specified")),
                byNothing.violations());
    }

    @Test
    void aRowWithOnlyIdentifiersAndNoAttributesOrEventsIsRejected() {
        MappedRow mapped = defaults.map(Rows.of("user_id", "u1", "email", "jane@example.com"));

        assertEquals("attributes", mapped.violations().get(0).field());
        assertEquals("required", mapped.violations().get(0).rule());
    }

    @Test
    void insiderIdStandsInForIdentifiersWhenTheMappingNamesIt() {
        DestinationMapper mapper = new InsiderDestination().mapper(
                Pipeline.JSON.valueToTree(Map.of("insider_id", "profile_id", "identifiers", Map.of())), Optional.empty());

        JsonNode user = user(mapper.map(Rows.of("profile_id", "abc", "city", "Cork")));

        assertEquals("abc", user.get("insider_id").asText());
        assertFalse(user.has("identifiers"));
        assertFalse(user.at("/attributes/custom").has("profile_id"));
    }

    @Test
    void aFullRowBecomesTheDocumentedUserWithTypedAttributesAndCustomOnes() {
        JsonNode user = user(defaults.map(Rows.withStructured(Map.of("orders", Pipeline.parse("[1,2]")),
                "user_id", "u1", "email", "ann@example.com", "first_name", "Ann", "age", "33", "email_optin", "yes",
                "tier", "gold")));

        assertEquals(Pipeline.parse("""
                {"identifiers":{"uuid":"u1","email":"ann@example.com"},
                 "attributes":{"name":"Ann","age":33,"email_optin":true,"custom":{"tier":"gold","orders":[1,2]}}}"""), user);
    }

    @Test
    void aRenameOntoAnotherCustomFieldKeepsTheLastValue() {
        DestinationMapper mapper = new InsiderDestination().mapper(Pipeline.JSON.valueToTree(Map.of("rename", Map.of("tier", "level"))),
                Optional.empty());

        JsonNode user = user(mapper.map(Rows.withStructured(Map.of("orders", Pipeline.parse("[1,2]")),
                "user_id", "u1", "level", "old", "tier", "gold")));

        assertEquals(Pipeline.parse("{\"level\":\"gold\",\"orders\":[1,2]}"), user.at("/attributes/custom"));
    }

    @Test
    void optionsSetCustomIdentifiersSkipHookAndAppend() {
        DestinationMapper mapper = new InsiderDestination().mapper(Pipeline.JSON.valueToTree(Map.of(
                "custom_identifiers", Map.of("user_loyalty_id", "loyalty"), "skip_hook", true, "append", false)),
                Optional.empty());

        MappedRow mapped = mapper.map(Rows.of("user_id", "u1", "loyalty", "xyz", "city", "Cork"));
        JsonNode body = Pipeline.parse(new String(mapper.format("users").body(mapped.items().stream()
                .filter(item -> item.stream().equals("users")).toList())));

        assertTrue(body.get("skip_hook").booleanValue());
        JsonNode user = body.get("users").get(0);
        assertEquals("xyz", user.at("/identifiers/custom/user_loyalty_id").asText());
        assertFalse(user.get("append").booleanValue());
    }

    @Test
    void purchaseEventsNeedTheirDocumentedParameters() {
        JsonNode events = Pipeline.parse("""
                [{"event_name":"purchase","timestamp":"2021-01-10T21:35:20Z",
                  "event_params":{"product_id":"ABC","event_group_id":"O1","currency":"USD"}},
                 {"event_name":"account_created","timestamp":"2021-01-17T14:41:21+03:00"}]
                """);

        MappedRow mapped = defaults.map(Rows.withStructured(Map.of("events", events), "user_id", "u1"));

        assertEquals(List.of("events[0].event_params.unit_sale_price", "events[0].event_params.quantity"),
                mapped.violations().stream().map(Violation::field).toList());
    }

    @Test
    void eventsAloneAreEnoughForAUser() {
        JsonNode events = Pipeline.parse("[{\"event_name\":\"login\",\"timestamp\":\"2021-01-10T21:35:20Z\"}]");

        JsonNode user = user(defaults.map(Rows.withStructured(Map.of("events", events), "user_id", "u1")));

        assertEquals("login", user.at("/events/0/event_name").asText());
        assertFalse(user.has("attributes"));
    }

    @Test
    void anEventWithoutATimestampIsRejected() {
        JsonNode events = Pipeline.parse("[{\"event_name\":\"login\",\"timestamp\":\"yesterday\"}]");

        MappedRow mapped = defaults.map(Rows.withStructured(Map.of("events", events), "user_id", "u1"));

        assertEquals("type(rfc3339)", mapped.violations().get(0).rule());
    }

    @ParameterizedTest
    @CsvSource({
        "user_id, u1, uuid",
        "email, jane@example.com, email",
        "phone, +447700900900, phone_number",
    })
    void aDeletionNamesTheUserByTheIdentifierItsKeyCameFromAndARejectedRowStillNamesItsUser(String field, String value,
            String identifier) {
        MappedRow accepted = defaults.map(Rows.of(field, value, "first_name", "Jane"));
        String key = accepted.items().get(0).key();

        OutboundItem deletion = defaults.deletion(7, key);

        assertEquals(OutboundItem.DELETES, deletion.stream());
        assertEquals(7, deletion.line());
        JsonNode body = Pipeline.parse(new String(defaults.format(OutboundItem.DELETES).body(List.of(deletion)),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(user(accepted).at("/identifiers/" + identifier), body.at("/identifiers/" + identifier), body.toString());
        assertEquals(1, body.path("identifiers").size(), "one identifier, the key's: " + body);
        assertEquals(1, defaults.format(OutboundItem.DELETES).limits().maxItems(), "one user a request");
        MappedRow rejected = defaults.map(Rows.of(field, value, "age", "thirty"));
        assertFalse(rejected.isAccepted());
        assertEquals(key, defaults.userKey(Rows.of(field, value, "age", "thirty")), "a rejected row still names its user");
    }

    @Test
    void aUserKnownOnlyByItsInsiderIdCannotBeDeletedByIdentifiers() {
        assertEquals(null, defaults.deletion(1, "insider_id:abc"));
    }

    private static JsonNode user(MappedRow mapped) {
        assertTrue(mapped.isAccepted(), () -> "rejected: " + mapped.violations());
        return Items.tree(mapped.items().get(0));
    }
}
