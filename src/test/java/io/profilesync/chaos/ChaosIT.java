package io.profilesync.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The chaos run at a size the suite can afford: every scheduled fault happens, the Xtremepush outage sends
 * batches to the dead-letter queue, and after the redrive the audit finds every user delivered (or rejected, or
 * refused for good), every duplicate post explained by a lost answer and the reposts counted exactly. Then a newer
 * run overtakes a held one at every destination: the held run's users the newer run carries are stale, never delivered
 * after the newer values, and its other users are delivered.
 */
class ChaosIT {

    @Test
    void underChaosAndAfterTheRedrivesEveryUserHoldsItsNewestValueAndEveryRepostFollowsALostAnswer() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        ChaosRun.Outcome outcome = ChaosRun.run(Path.of(System.getProperty("local.runner-jar")), 5_000, 42,
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(outcome.audit().passed(), printed);
        assertEquals(1, outcome.injected().get("insider").get(ChaosPlan.KILLED), printed);
        assertEquals(1, outcome.invocationsLost(), "the killed poster's invocation failed as a whole: " + printed);
        assertTrue(outcome.injected().get("evergage").get(ChaosPlan.OUTAGE) > 0, printed);
        assertTrue(outcome.duplicateDeliveries() > 0, printed);
        DeliveryAudit.DestinationFigures insider = outcome.audit().figures().get("insider");
        assertTrue(insider.postedTwiceAfterLostAnswer() > 0, "the killed poster's batch was posted again: " + printed);
        assertTrue(outcome.audit().figures().get("xtremepush").redriven() > 0, "the outage outlasted every delivery: " + printed);
        for (String destination : List.of("insider", "xtremepush", "evergage")) {
            assertTrue(outcome.heldDeadLetters().get(destination) > 0, "the held run's batches were dead-lettered: " + printed);
            assertTrue(outcome.audit().figures().get(destination).stale() > 0, "the newer run made users of the held one stale: "
                    + printed);
        }
        assertTrue(printed.contains("chaos verdict: PASSED"), printed);
    }
}
