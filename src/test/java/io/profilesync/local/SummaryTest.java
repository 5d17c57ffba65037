package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.profilesync.testing.Pipeline;

class SummaryTest {

    @Test
    void aFailedRunsDeliveryIsSaidOfTheRowsReadBeforeItFailedNotOfTheFile() throws Exception {
        String succeeded = printed("{\"run_id\":\"r1\",\"status\":\"succeeded\",\"rows\":5,\"complete\":true}");
        String failedMidFile = printed("{\"run_id\":\"r2\",\"status\":\"failed\",\"rows\":1200,\"complete\":true,"
                + "\"errors\":[{\"line\":1201,\"message\":\"unterminated quote\"}]}");
        String failedAtOnce = printed("{\"run_id\":\"r3\",\"status\":\"failed\",\"rows\":0,\"complete\":true}");
        String incomplete = printed("{\"run_id\":\"r4\",\"status\":\"succeeded\",\"rows\":5,\"complete\":false}");

        assertTrue(succeeded.contains("delivery:      complete: every accepted user is delivered"), succeeded);
        assertTrue(failedMidFile.contains("delivery:      complete for the 1,200 rows read before the run failed")
                && failedMidFile.contains("the rest of the file was not read") && !failedMidFile.contains("complete: every"),
                failedMidFile);
        assertTrue(failedAtOnce.contains("delivery:      none: the run failed before it read a row"), failedAtOnce);
        assertTrue(incomplete.contains("delivery:      INCOMPLETE"), incomplete);
    }

    private static String printed(String manifest) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Summary.print(Pipeline.JSON.readTree(manifest), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
