package io.profilesync.destination.evergage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.local.SqsEventSource;
import io.profilesync.report.RunReporter;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitterService;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Personalization by the User ETL feed, end to end: a file dropped on S3 (a real S3 event) is split with the feed's
 * limits, its batch is uploaded as a feed file by the poster (real SQS events) to the in-process SFTP site, stays
 * pending until the site's feed processes it, and its users are delivered or failed by the folder the file moved to.
 */
@QuarkusTest
@TestProfile(EtlFeedProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class EtlFeedTest {

    @Inject
    SplitterService splitter;

    @Inject
    RunReporter reporter;

    @Inject
    ObjectMapper json;

    @Test
    void aRunsUsersBecomeAFeedFileWhoseProcessingDeliversThemAndAFailedFileFailsThem() throws Exception {
        LocalEtlFeed site = LocalEtlFeedResource.site();
        Pipeline.purgeQueues();
        Pipeline.put("mappings/feed.yaml", "destinations:\n  evergage:\n    identity_attributes: [emailAddress]\n");
        String runId = split("incoming/feed/one.csv", "user_id,emailAddress,tier,bio\n"
                + "user-0001,a@example.com,gold,short\n"
                + "u1,b@example.com,gold,x\n"
                + "user-0003,abc,silver,ok\n"
                + "user-0004,d@example.com,," + "x".repeat(1100) + "\n"
                + "user-0005,e@example.com,bronze,\"a, \"\"quoted\"\" bio\"\n"
                + "user-0001,a2@example.com,platinum,later\n");

        JsonNode evergage = Pipeline.readJson("runs/" + runId + "/manifest.json").at("/destinations/evergage");
        assertEquals(2, evergage.get("accepted").asLong(), evergage.toString());
        assertEquals(3, evergage.get("rejected").asLong());
        List<String> rules = Pipeline.readJsonLines("runs/" + runId + "/rejected-rows.jsonl").stream()
                .map(row -> row.get("line").asLong() + " " + row.get("field").asText() + " " + row.get("rule").asText()).toList();
        assertEquals(List.of("3 userId minLength(4)", "4 attribute:emailAddress minLength(4)", "5 attribute:bio maxBytes(1024)"),
                rules);

        SqsEventSource queue = queue();
        queue.pollOnce();
        JsonNode submitted = Pipeline.readJson("runs/" + runId + "/outcomes/evergage/users-000001.json");
        assertEquals("pending", submitted.get("status").asText(), "uploaded, not yet processed: " + submitted);
        String file = submitted.get("task_id").asText();
        assertEquals(List.of(file), site.files("Inbound"));

        site.process();
        drain(queue);

        assertEquals("delivered", Pipeline.readJson("runs/" + runId + "/outcomes/evergage/users-000001.json").get("status").asText());
        assertEquals(Map.of("emailAddress", "a2@example.com", "tier", "platinum", "bio", "later"), site.profiles().get("user-0001"));
        assertEquals("a, \"quoted\" bio", site.profiles().get("user-0005").get("bio"));
        JsonNode report = reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/evergage");
        assertEquals(2, report.get("delivered").asLong(), report.toString());
        assertTrue(report.get("complete").asBoolean(), report.toString());

        site.datasetAttributes(Set.of("emailAddress", "tier", "bio"));
        String second = split("incoming/feed/two.csv", "user_id,emailAddress,tier,loyalty\nuser-0005,e@example.com,gold,7\n");
        queue.pollOnce();
        site.process();
        drain(queue);
        site.datasetAttributes(null);

        JsonNode failed = Pipeline.readJson("runs/" + second + "/outcomes/evergage/users-000001.json");
        assertEquals("failed", failed.get("status").asText(), failed.toString());
        assertTrue(failed.toString().contains("failed/"), failed.toString());
        assertEquals(1, reporter.report(LocalAwsResource.BUCKET, second).at("/destinations/evergage/failed").asLong());
        assertEquals("bronze", site.profiles().get("user-0005").get("tier"), "the failed file changed nothing");
    }

    @Test
    void anOlderRunsFileLeavesOutTheUsersANewerRunHolds() throws Exception {
        LocalEtlFeed site = LocalEtlFeedResource.site();
        Pipeline.purgeQueues();
        Pipeline.put("mappings/order.yaml", "destinations:\n  evergage: {}\n");
        String older = split("incoming/order/1.csv", "user_id,tier\nuser-0100,old\nuser-0101,only-older\n");
        String newer = split("incoming/order/2.csv", "user_id,tier\nuser-0100,new\n");

        drainProcessing(site);

        assertEquals("new", site.profiles().get("user-0100").get("tier"));
        assertEquals("only-older", site.profiles().get("user-0101").get("tier"));
        JsonNode olderReport = reporter.report(LocalAwsResource.BUCKET, older).at("/destinations/evergage");
        assertEquals(1, olderReport.get("stale").asLong(), "user-0100 of the older run is left out: " + olderReport);
        assertEquals(1, olderReport.get("delivered").asLong());
        assertEquals(1, reporter.report(LocalAwsResource.BUCKET, newer).at("/destinations/evergage/delivered").asLong());
    }

    private void drainProcessing(LocalEtlFeed site) {
        SqsEventSource queue = queue();
        for (int round = 0; round < 50 && queue.pending() > 0; round++) {
            queue.pollOnce();
            site.process();
        }
        assertEquals(0, queue.pending(), "the evergage queue drained in 50 rounds");
    }

    private String split(String key, String content) throws Exception {
        Pipeline.put(key, content);
        return splitter.handle(json.readValue(S3Events.created(LocalAwsResource.BUCKET, key), S3Event.class)).outcomes().get(0)
                .runId();
    }

    private static SqsEventSource queue() {
        return new SqsEventSource(LocalAwsResource.aws().sqs(), LocalAwsResource.queueUrl(EvergageDestination.NAME),
                event -> Pipeline.invoke(event).toString());
    }

    private static void drain(SqsEventSource queue) {
        for (int round = 0; round < 50 && queue.pending() > 0; round++) {
            queue.pollOnce();
        }
        assertEquals(0, queue.pending(), "the evergage queue drained in 50 rounds");
    }
}
