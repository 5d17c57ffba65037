package io.profilesync.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The chaos run at a size the suite can afford: every scheduled fault happens, the Xtremepush outage sends
 * batches to the dead-letter queue, and after the redrive the audit finds every user delivered (or rejected, or
 * refused for good), every duplicate post explained by a lost answer and counted as a repost.
 */
class ChaosIT {

    @Test
    void underChaosAndAfterTheRedriveEveryUserIsDeliveredAndEveryRepostFollowsALostAnswer() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        ChaosRun.Outcome outcome = ChaosRun.run(Path.of(System.getProperty("profile-sync.runner-jar")), 5_000, 42,
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(outcome.audit().passed(), printed);
        assertEquals(1, outcome.injected().get("insider").get(ChaosPlan.KILLED), printed);
        assertEquals(1, outcome.invocationsLost(), "the killed poster's invocation failed as a whole: " + printed);
        assertTrue(outcome.injected().get("evergage").get(ChaosPlan.OUTAGE) > 0, printed);
        assertTrue(outcome.duplicateDeliveries() > 0, printed);
        DeliveryAudit.VendorFigures insider = outcome.audit().figures().get("insider");
        assertTrue(insider.postedTwiceAfterLostAnswer() > 0, "the killed poster's batch was posted again: " + printed);
        assertTrue(outcome.audit().figures().get("xtremepush").redriven() > 0, "the outage outlasted every delivery: " + printed);
        assertTrue(printed.contains("chaos verdict: PASSED"), printed);
    }
}
