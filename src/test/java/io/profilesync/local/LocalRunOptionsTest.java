package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --evergage-delivery}: which values a run takes, and the one line a wrong use gets. */
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
}
