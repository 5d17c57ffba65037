package io.profilesync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A mapping's guards: read as written, and a bad one refused in one plain message naming the mapping and the setting. */
class GuardSettingsTest {

    private static GuardSettings read(String yaml) {
        return GuardSettings.of("mappings/crm.yaml", MappingParser.parse("mappings/crm.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sharesAreWrittenAsPercentagesOrFractions() {
        GuardSettings guards = read("""
                guards:
                  min_rows: 1000
                  max_rejected_share: 12.5%
                  max_removed_share: 0.1
                  destinations:
                    insider: {max_rejected_share: 20%}
                """);

        assertEquals(1000L, guards.minRows());
        assertEquals(0, new BigDecimal("0.125").compareTo(guards.maxRejectedShare().fraction()));
        assertEquals("12.5%", guards.maxRejectedShare().text());
        assertEquals(0, new BigDecimal("0.1").compareTo(guards.maxRemovedShare().fraction()));
        assertEquals(0, new BigDecimal("0.2").compareTo(guards.destinations().get("insider").maxRejectedShare().fraction()));
        assertTrue(guards.any());
    }

    @Test
    void noGuardsWithoutTheSectionOrADeletingDestination() {
        assertFalse(read("sync: crm\n").any());
        assertFalse(GuardSettings.of("built-in default", MappingDocument.DEFAULT).any());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "guards: {max_rejected_share: lots}|guards.max_rejected_share must be a share from 0% to 100%, written as 10% or 0.1, not 'lots'",
        "guards: {max_rejected_share: 150%}|guards.max_rejected_share must be a share from 0% to 100%, written as 10% or 0.1, not '150%'",
        "guards: {max_removed_share: 10}|guards.max_removed_share must be a share from 0% to 100%, written as 10% or 0.1, not '10'",
        "guards: {min_rows: -1}|guards.min_rows must be a whole number of rows, 0 or more, not '-1'",
        "guards: {min_rows: many}|guards.min_rows must be a whole number of rows, 0 or more, not 'many'",
        "guards: {max_rejected: 10%}|guards.max_rejected is not a guard; guards are destinations, max_rejected_share, max_removed_share, min_rows",
        "guards: {destinations: {insider: {min_rows: 5}}}|guards.destinations.insider.min_rows is not a guard; a destination's guards are max_rejected_share, max_removed_share",
        "guards: {destinations: {insider: {max_removed_share: -5%}}}|guards.destinations.insider.max_removed_share must be a share from 0% to 100%, written as 10% or 0.1, not '-5%'",
        "guards: 10%|guards must be a section of settings (destinations, max_rejected_share, max_removed_share, min_rows)",
    })
    void aBadGuardIsOnePlainMessageNamingTheMappingAndTheSetting(String yaml, String problem) {
        MappingException refused = assertThrows(MappingException.class,
                () -> MappingParser.parse("mappings/crm.yaml", yaml.getBytes(StandardCharsets.UTF_8)));

        assertEquals("mapping mappings/crm.yaml: " + problem, refused.getMessage());
    }

    @Test
    void aDestinationThatDeletesRemovedUsersIsGuarded() {
        ObjectMapper json = new ObjectMapper();
        MappingDocument document = new MappingDocument(Map.of(), List.of(), Map.of(), null, Map.of("insider",
                json.createObjectNode().put("on_removed", "delete"), "xtremepush", json.createObjectNode()), null, false, false,
                null, null, null, null);
        GuardSettings guards = GuardSettings.of("m.json", document);

        assertEquals(Set.of("insider"), guards.deleting());
        assertTrue(guards.any());
    }
}
