package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --evergage-delivery} and {@code user}: which values they take, and the one line a wrong use gets. */
class LocalRunOptionsTest {

    private static final String FILE = "examples/customers.csv";

    @Test
    void etlFeedIsTakenForARunOfAFileAndApiIsTheDefault() {
        assertTrue(LocalRun.Options.parse(new String[] {FILE, "--evergage-delivery", "etl-feed"}).etlFeed());
        assertFalse(LocalRun.Options.parse(new String[] {FILE, "--evergage-delivery", "api"}).etlFeed());
        assertFalse(LocalRun.Options.parse(new String[] {FILE}).etlFeed());
    }

    @Test
    void anUnknownDeliveryIsNamedWithItsSetting() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> LocalRun.Options.parse(new String[] {FILE, "--evergage-delivery", "sftp"}));
        assertEquals("--evergage-delivery must be api or etl-feed, not 'sftp'", wrong.getMessage());
    }

    @Test
    void theFeedIsRefusedForACommandThatRunsNoFile() {
        for (String[] args : new String[][] {{"export", "--evergage-delivery", "etl-feed"},
                {"release", "r1", "--state", "s", "--evergage-delivery", "etl-feed"}}) {
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> LocalRun.Options.parse(args));
            assertEquals("--evergage-delivery etl-feed applies to a run of a FILE, not to " + args[0], wrong.getMessage());
        }
    }

    @Test
    void userTakesAKeyOrARunAndLine() {
        LocalRun.Options byKey = LocalRun.Options.parse(new String[] {"user", "insider", "uuid:u1", "--sync", "crm/eu",
                "--reveal", "--bucket", "work"});
        assertEquals(java.util.List.of("insider", "uuid:u1"), byKey.operands());
        assertEquals("crm/eu", byKey.sync());
        assertTrue(byKey.reveal());
        LocalRun.Options byLine = LocalRun.Options.parse(new String[] {"user", "evergage", "--run", "r1", "--line", "7"});
        assertEquals(java.util.List.of("evergage", "7"), byLine.operands());
        assertEquals("r1", byLine.runId().orElseThrow());
        assertEquals("default", byLine.sync());
        assertFalse(byLine.reveal());
    }

    @Test
    void aWrongUserCommandGetsOneLine() {
        java.util.Map<String[], String> wrong = java.util.Map.of(
                new String[] {"user", "insider"}, "user needs a DESTINATION and a KEY, or a DESTINATION, --run RUN_ID and --line N",
                new String[] {"user", "nobody", "u1"}, "unknown destination 'nobody': one of "
                        + java.util.List.of(LocalPipeline.DESTINATIONS),
                new String[] {"user", "insider", "--run", "r1", "--line", "x"}, "--line must be a line number, not 'x'",
                new String[] {"user", "insider", "u1", "--state", "s", "--bucket", "b"}, "--state and --bucket cannot go together");
        wrong.forEach((args, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> LocalRun.Options.parse(args)).getMessage()));
    }
}
