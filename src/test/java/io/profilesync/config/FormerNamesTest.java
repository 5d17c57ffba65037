package io.profilesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.FormerNames;
import io.profilesync.mapping.GuardSettings;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingParser;
import io.profilesync.queue.BatchMessage;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A deployment written before "vendor" became "destination" keeps working (rename:skip-file: the rename script leaves
 * this file alone): its configuration keys, its mappings and the messages and files its earlier version left behind.
 */
class FormerNamesTest {

    /** As in a deployment: the environment, system properties, and the former names of both. */
    private static ProfileSyncConfig config(Map<String, String> systemProperties, Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withMapping(ProfileSyncConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300), new FormerConfigNames(environment, Map.copyOf(systemProperties)))
                .build()
                .getConfigMapping(ProfileSyncConfig.class);
    }

    @Test
    void formerConfigurationKeysAndEnvironmentVariablesConfigureTheDestinations() {
        ProfileSyncConfig config = config(Map.of("profile-sync.vendors.xtremepush.enabled", "false"),
                Map.of("PROFILE_SYNC_VENDORS_INSIDER_QUEUE_URL", "https://sqs/insider",
                        "PROFILE_SYNC_VENDORS_INSIDER_MAX_ITEMS", "40"));

        assertEquals("https://sqs/insider", config.destinations().get("insider").queueUrl().orElseThrow());
        assertEquals(40, config.destinations().get("insider").maxItems().orElseThrow());
        assertFalse(config.destinations().get("xtremepush").enabled());
    }

    @Test
    void aNewKeyWinsOverItsFormerName() {
        ProfileSyncConfig config = config(Map.of(), Map.of("PROFILE_SYNC_VENDORS_INSIDER_QUEUE_URL", "https://sqs/old",
                "PROFILE_SYNC_DESTINATIONS_INSIDER_QUEUE_URL", "https://sqs/new"));

        assertEquals("https://sqs/new", config.destinations().get("insider").queueUrl().orElseThrow());
    }

    @Test
    void aMappingWithTheFormerSectionNamesIsReadAsTheNewOnes() {
        String former = """
                vendors:
                  insider: { on_removed: delete }
                source: snapshot
                guards:
                  vendors:
                    xtremepush: { max_rejected_share: 10% }
                """;
        MappingDocument read = MappingParser.parse("mappings/crm.yaml", former.getBytes(StandardCharsets.UTF_8));
        MappingDocument current = MappingParser.parse("mappings/crm.yaml",
                former.replace("vendors:", "destinations:").getBytes(StandardCharsets.UTF_8));

        assertEquals(current.destinations(), read.destinations());
        GuardSettings guards = GuardSettings.of("mappings/crm.yaml", read);
        assertEquals(GuardSettings.of("mappings/crm.yaml", current), guards);
        assertEquals("10%", guards.destinations().get("xtremepush").maxRejectedShare().text());
    }

    @Test
    void aBatchMessageQueuedByTheEarlierVersionIsPostedToItsDestination() throws Exception {
        BatchMessage message = new ObjectMapper().readValue(
                "{\"run_id\":\"r1\",\"vendor\":\"insider\",\"stream\":\"users\",\"batch\":3,\"items\":2}", BatchMessage.class);

        assertEquals("insider", message.destination());
        assertEquals(3, message.batch());
    }

    @Test
    void aStoredReportsFieldIsReadUnderItsFormerName() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertEquals(7, FormerNames.field(json.readTree("{\"vendors\":{\"insider\":{\"accepted\":7}}}"), "destinations")
                .path("insider").path("accepted").asInt());
        assertEquals(8, FormerNames.field(json.readTree("{\"destinations\":{\"insider\":{\"accepted\":8}},"
                + "\"vendors\":{\"insider\":{\"accepted\":7}}}"), "destinations").path("insider").path("accepted").asInt());
    }
}
