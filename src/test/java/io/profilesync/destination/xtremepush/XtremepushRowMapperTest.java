package io.profilesync.destination.xtremepush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.mapping.MappingException;
import io.profilesync.testing.Items;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.Rows;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;

class XtremepushRowMapperTest {

    private final DestinationMapper defaults = new XtremepushDestination().mapper(null, Optional.empty());

    @Test
    void anEmailNeedsItsSubscriptionFlag() {
        MappedRow mapped = defaults.map(Rows.of("user_id", "u1", "email", "jane@example.com"));

        assertEquals(List.of("email_optin"), mapped.violations().stream().map(Violation::field).toList());
        assertEquals("required(email_subscription)", mapped.violations().get(0).rule());
    }

    @Test
    void aMobileNumberNeedsItsSubscriptionFlag() {
        MappedRow mapped = defaults.map(Rows.of("user_id", "u1", "phone", "+353850123456"));

        assertEquals("required(sms_subscription)", mapped.violations().get(0).rule());
    }

    @Test
    void aProfileNeedsAUserId() {
        MappedRow mapped = defaults.map(Rows.of("first_name", "Sam"));

        assertEquals(List.of(new Violation("user_id", "required", "a user_id is required")), mapped.violations());
    }

    @Test
    void anOptInThatIsNotABooleanIsRejected() {
        MappedRow mapped = defaults.map(Rows.of("user_id", "u1", "email", "a@b.co", "email_optin", "maybe"));

        assertEquals("type(boolean)", mapped.violations().get(0).rule());
    }

    @Test
    void theBodyHasTheDocumentedColumnsAndRowsShape() {
        MappedRow first = defaults.map(Rows.of("user_id", "fe56", "email", "sam@example.com", "email_optin", "yes",
                "phone", "+353 85 012 3456", "sms_optin", "1", "first_name", "Sam"));

        JsonNode body = Pipeline.parse(new String(defaults.format("users").body(List.of(first.items().get(0)))));

        assertEquals(Pipeline.parse("""
                ["user_id","email","email_subscription","mobile_number","sms_subscription","first_name"]"""),
                body.get("columns"));
        assertEquals(Pipeline.parse("[\"fe56\",\"sam@example.com\",1,353850123456,1,\"Sam\"]"), body.get("rows").get(0));
        assertFalse(body.has("apptoken"), "credentials are added by the poster, never stored");
    }

    @Test
    void rowsOfOneShapeShareARequestAndRowsOfAnotherNeverDo() {
        MappedRow sam = defaults.map(Rows.of("user_id", "fe56", "first_name", "Sam"));
        MappedRow kim = defaults.map(Rows.of("user_id", "fe57", "first_name", "Kim \"K\""));
        MappedRow lee = defaults.map(Rows.of("user_id", "fe58", "favourite", "tea"));

        JsonNode body = Pipeline.parse(new String(defaults.format("users").body(
                List.of(sam.items().get(0), kim.items().get(0)))));

        assertEquals(Pipeline.parse("[\"user_id\",\"first_name\"]"), body.get("columns"));
        assertEquals(Pipeline.parse("[[\"fe56\",\"Sam\"],[\"fe57\",\"Kim \\\"K\\\"\"]]"), body.get("rows"));
        assertThrows(IllegalArgumentException.class, () -> defaults.format("users").body(
                List.of(sam.items().get(0), lee.items().get(0))), "a blank must never become a null in rows");
    }

    @Test
    void jsonValuesBecomeEscapedJsonStrings() {
        JsonNode order = Pipeline.parse("[\"frapuccino\",\"iced latte\"]");

        MappedRow mapped = defaults.map(Rows.withStructured(Map.of("order", order), "user_id", "user"));

        assertEquals("[\"frapuccino\",\"iced latte\"]", Items.profile(mapped.items().get(0)).get("order").textValue());
    }

    @Test
    void aFieldWithATextAndATypedValueIsOneColumnHoldingTheLaterValue() {
        // a mapping's renames can merge a typed column (put after the text ones) into a text column's field
        MappedRow mapped = defaults.map(Rows.withStructured(Map.of("score", Pipeline.parse("8")), "user_id", "u1", "score", "7"));

        List<String> columns = new ArrayList<>();
        Pipeline.parse(mapped.items().get(0).shape()).forEach(name -> columns.add(name.textValue()));
        assertEquals(List.of("user_id", "score"), columns, "one column a field");
        assertEquals("8", Items.profile(mapped.items().get(0)).get("score").textValue());
    }

    @Test
    void deviceIdCanIdentifyAnonymousProfiles() {
        DestinationMapper mapper = new XtremepushDestination().mapper(Pipeline.JSON.valueToTree(Map.of("id", "device_id")),
                Optional.of(List.of("device_id", "language")));

        MappedRow mapped = mapper.map(Rows.of("device_id", "12345", "language", "en"));

        assertTrue(mapped.isAccepted());
        assertEquals("12345", Items.profile(mapped.items().get(0)).get("device_id").asText());
    }

    @Test
    void anIdColumnTheFileDoesNotHaveIsAMappingError() {
        MappingException error = org.junit.jupiter.api.Assertions.assertThrows(MappingException.class,
                () -> new XtremepushDestination().mapper(Pipeline.JSON.valueToTree(Map.of("id", "device_id")),
                        Optional.of(List.of("user_id"))));

        assertTrue(error.getMessage().contains("'device_id'"));
    }

    /** Xtremepush documents no byte limit; a request still has one of ours, which configuration can only lower. */
    @Test
    void aRequestHasADefaultByteCap() {
        long cap = defaults.format("users").limits().maxBytes();

        assertEquals(10_000_000L, cap);
        assertEquals(10_000, defaults.format("users").limits().maxItems());
    }
}
