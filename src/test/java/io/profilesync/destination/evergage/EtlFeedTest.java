package io.profilesync.destination.evergage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

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
 * submitted (its users unconfirmed) until the site's feed processes it, and its users are delivered or failed by the
 * folder the file moved to.
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
        assertEquals("submitted", submitted.get("status").asText(), "uploaded, not yet processed: " + submitted);
        assertEquals(List.of(0, 2), List.of(submitted.get("delivered").asInt(), submitted.get("unconfirmed").asInt()),
                "its users unconfirmed, never delivered by assumption: " + submitted);
        String file = submitted.get("task_id").asText();
        assertEquals(List.of(file), site.files("Inbound"));
        JsonNode waiting = reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/evergage");
        assertEquals(List.of(1, 0, 2, false), List.of(waiting.get("submitted_batches").asInt(), waiting.get("delivered").asInt(),
                waiting.get("unconfirmed").asInt(), waiting.get("complete").asBoolean()), waiting.toString());

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

    @Test
    void aRefusedLoginAndAnotherHostKeyHoldTheBatchFailingNobodyAndARedriveDeliversItOnceFixed() throws Exception {
        LocalEtlFeed site = LocalEtlFeedResource.site();
        Pipeline.purgeQueues();
        Pipeline.put("mappings/held.yaml", "destinations:\n  evergage: {}\n");
        site.refuseLogins(true);
        String refused;
        try {
            refused = split("incoming/held/login.csv", "user_id,tier\nuser-0200,gold\n");
            queue().drain(Duration.ofSeconds(90)); // every delivery back to the queue, the last one dead-lettered
        } finally {
            site.refuseLogins(false);
        }
        site.presentOtherHostKey(true);
        String mismatched;
        try {
            mismatched = split("incoming/held/key.csv", "user_id,tier\nuser-0201,silver\n");
            queue().drain(Duration.ofSeconds(90));
        } finally {
            site.presentOtherHostKey(false);
        }

        assertHeld(refused, "refused the login of user " + LocalEtlFeed.USER);
        assertHeld(mismatched, "not the pinned");
        assertEquals(List.of(), site.files("Inbound"), "nothing was sent");

        assertEquals(2, LocalAwsResource.aws().redriveDeadLetters(LocalAwsResource.queueName(EvergageDestination.NAME)));
        drainProcessing(site);

        assertEquals("gold", site.profiles().get("user-0200").get("tier"));
        assertEquals("silver", site.profiles().get("user-0201").get("tier"));
        for (String run : List.of(refused, mismatched)) {
            JsonNode report = reporter.report(LocalAwsResource.BUCKET, run).at("/destinations/evergage");
            assertEquals(List.of(1, 0, 0, true), List.of(report.get("delivered").asInt(), report.get("failed").asInt(),
                    report.get("held_batches").asInt(), report.get("complete").asBoolean()), report.toString());
        }
    }

    private void assertHeld(String runId, String because) {
        JsonNode held = Pipeline.readJson("runs/" + runId + "/outcomes/evergage/users-000001.json");
        assertEquals("held", held.get("status").asText(), held.toString());
        assertTrue(held.get("reason").asText().startsWith("configuration error") && held.get("reason").asText().contains(because),
                held.toString());
        JsonNode report = reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/evergage");
        assertEquals(List.of(0, 0, 1, false), List.of(report.get("failed").asInt(), report.get("unconfirmed").asInt(),
                report.get("held_batches").asInt(), report.get("complete").asBoolean()), "no user failed: " + report);
    }

    @Test
    void aConnectionDroppedMidUploadEndsInOneFileWithEveryUser() throws Exception {
        LocalEtlFeed site = LocalEtlFeedResource.site();
        Pipeline.purgeQueues();
        Pipeline.put("mappings/drop.yaml", "destinations:\n  evergage: {}\n");
        StringBuilder csv = new StringBuilder("user_id,tier,note\n");
        for (int i = 0; i < 1_000; i++) {
            csv.append(String.format("drop-%05d,gold,%s%n", i, Long.toHexString(new SplittableRandom(i).nextLong()).repeat(6)));
        }
        List<String> before = site.files("processed");
        site.dropConnectionAfter(20_000);
        String runId = split("incoming/drop/big.csv", csv.toString());

        queue().pollOnce();

        assertFalse(site.dropAhead(), "the connection dropped in the middle of the upload");
        List<String> inbound = site.files("Inbound");
        JsonNode submitted = Pipeline.readJson("runs/" + runId + "/outcomes/evergage/users-000001.json");
        assertEquals("submitted", submitted.get("status").asText(), submitted.toString());
        assertEquals(List.of(submitted.get("task_id").asText()), inbound, "one whole file, no temporary one left");
        drainProcessing(site);
        List<String> processed = new ArrayList<>(site.files("processed"));
        processed.removeAll(before);
        assertEquals(inbound, processed, "the one file was processed, once");
        assertEquals(1_000, site.profiles().keySet().stream().filter(id -> id.startsWith("drop-")).count());
        assertEquals(1_000, reporter.report(LocalAwsResource.BUCKET, runId).at("/destinations/evergage/delivered").asInt());
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
