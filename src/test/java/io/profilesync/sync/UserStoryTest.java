package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.Fault;
import io.profilesync.splitting.StateHashes;
import io.profilesync.storage.ObjectStore;
import io.profilesync.story.StoryText;
import io.profilesync.story.UserStory;
import io.profilesync.story.UserStory.Story;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A user's story (docs/tracing-one-user.md) through the real triggers (S3 events to the splitter, SQS events to the
 * poster, the destination simulators) on LocalS3 and ElasticMQ: two files of one sync, a user changed between them (Evergage
 * refusing the second file's post), one unchanged, two rejected by the splitter; each story is told newest run first,
 * with the decisions, the masked payloads, the destination's answers, and the fingerprint the state holds.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class UserStoryTest extends SyncTest {

    private static final String HEADER = "user_id,email,first_name,age\n";
    private static final String DAY1 = HEADER + "u1,ann@example.com,Ann,30\nu2,bob@example.com,Bob,40\n";
    /** u1's name changes, u2 stays, u3 breaks the mapping's number type, u4's email breaks Insider's rule. */
    private static final String DAY2 = HEADER + "u1,ann@example.com,Annie,30\nu2,bob@example.com,Bob,40\n"
            + "u3,cat@example.com,Cat,thirty\nu4,not-an-email,Dee,50\n";

    @Inject
    StateKeyStore stateKeys;

    @Test
    void aChangedUsersStoryNamesEachRunsDecisionPayloadAndAnswerNewestFirst() {
        Pipeline.put("mappings/story.yaml", "types: {age: number}\n");
        JsonNode day1 = runs.run("incoming/story/day1.csv", DAY1);
        simulator.faultPlan("evergage", () -> Fault.status(422));
        JsonNode day2 = runs.run("incoming/story/day2.csv", DAY2);
        simulator.faultPlan("evergage", () -> null);
        // a third run folds the second into the state (the state learns what the destination took on the next run)
        JsonNode day3 = runs.run("incoming/story/day3.csv", HEADER + "u2,bob@example.com,Bob,40\n");

        Story u1 = stories().of("insider", "story", "uuid:u1");
        assertEquals(List.of(day2.get("run_id").asText(), day1.get("run_id").asText()), runIds(u1), "newest first");
        assertEquals(List.of("line 2: changed", "line 2: new"), decisions(u1));
        assertNotEquals(StateHashes.unkeyed(OutboundItem.USERS, "uuid:u1"), u1.keyHash(), "the index is keyed");
        for (UserStory.Chapter chapter : u1.chapters()) {
            UserStory.Line line = chapter.lines().get(0);
            assertEquals("delivered", line.answer().orElseThrow().outcome());
            assertEquals("u1", line.payload().orElseThrow().at("/identifiers/uuid").asText());
        }
        assertEquals("Annie", u1.chapters().get(0).lines().get(0).payload().orElseThrow().at("/attributes/name").asText());
        assertEquals(u1.chapters().get(0).lines().get(0).decision().fingerprint(), u1.held().getAsLong(),
                "the state holds the second run's value");

        String told = text(u1, false);
        assertTrue(told.indexOf(day2.get("run_id").asText()) < told.indexOf(day1.get("run_id").asText()), told);
        assertTrue(told.contains("line 2: changed, fingerprint"), told);
        assertTrue(told.contains("answer: delivered (HTTP 200)"), told);
        assertTrue(told.contains("a***@e***.com"), told);
        assertFalse(told.contains("ann@example.com") || told.contains("Annie"), "masked unless revealed: " + told);
        assertTrue(text(u1, true).contains("ann@example.com"), "revealed");
        assertTrue(told.contains("state now holds fingerprint") && told.contains("the value of run " + day2.get("run_id").asText()),
                told);

        Story u2 = stories().of("insider", "story", "uuid:u2");
        assertEquals(List.of(day3.get("run_id").asText(), day2.get("run_id").asText(), day1.get("run_id").asText()),
                runIds(u2));
        assertEquals(List.of("line 2: unchanged", "line 3: unchanged", "line 3: new"), decisions(u2));
        assertTrue(u2.chapters().get(0).lines().get(0).batch().isEmpty(), "nothing sent, nothing answered");

        Story u3 = stories().of("evergage", "story", "u3");
        assertEquals(List.of(day2.get("run_id").asText()), runIds(u3));
        assertEquals(List.of("line 4: rejected"), decisions(u3));
        assertEquals("age type(number)", u3.chapters().get(0).lines().get(0).decision().detail());
        assertTrue(u3.held().isEmpty());

        Story u4 = stories().of("insider", "story", "uuid:u4");
        assertEquals(List.of("line 5: rejected"), decisions(u4));
        assertTrue(u4.chapters().get(0).lines().get(0).decision().detail().startsWith("email regexp("), decisions(u4).toString());
        assertFalse(text(u4, true).contains("not-an-email"), "a rejection names the rule, never the value");

        Story refused = stories().of("evergage", "story", "u1");
        assertEquals(List.of("line 2: changed", "line 2: new"), decisions(refused));
        UserStory.Answer answer = refused.chapters().get(0).lines().get(0).answer().orElseThrow();
        assertEquals(List.of("failed", 422), List.of(answer.outcome(), answer.httpStatus()), answer.toString());
        assertEquals(refused.chapters().get(1).lines().get(0).decision().fingerprint(), refused.held().getAsLong(),
                "a failed user keeps the value the destination took before");
        assertTrue(text(refused, false).contains("answer: failed (HTTP 422)"), text(refused, false));

        // the report page's command finds the same users by run and line
        String runId = day2.get("run_id").asText();
        assertEquals(refused.keyHash(), stories().keyHashAt("evergage", "story", runId, 2).orElseThrow());
        assertEquals(u4.keyHash(), stories().keyHashAt("insider", "story", runId, 5).orElseThrow());
        String page = Pipeline.readText("runs/" + runId + "/report.html");
        assertTrue(page.contains(StoryText.command("evergage", "story", runId, "2")), "the failed line's story");
        String rejections = page.substring(page.indexOf("id=\"rejections\""), page.indexOf("id=\"failures\""));
        assertTrue(rejections.contains(StoryText.command("insider", "story", runId, "5")), "a rejected line's story: "
                + rejections);
    }

    @Test
    void aUserNoRunDecidedAboutHasAnEmptyStory() {
        Story nobody = stories().of("insider", "nobody", "uuid:nobody");
        assertTrue(nobody.chapters().isEmpty());
        assertTrue(text(nobody, false).contains("0 runs"));
    }

    private UserStory stories() {
        return new UserStory(new ObjectStore(LocalAwsResource.aws().s3(), json), json, LocalAwsResource.BUCKET, "state/",
                "runs/", stateKeys::get);
    }

    private static List<String> runIds(Story story) {
        return story.chapters().stream().map(UserStory.Chapter::runId).toList();
    }

    private static List<String> decisions(Story story) {
        return story.chapters().stream().flatMap(chapter -> chapter.lines().stream())
                .map(line -> "line " + line.decision().line() + ": " + line.decision().decision().label()).toList();
    }

    private static String text(Story story, boolean reveal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoryText.print(story, reveal, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
