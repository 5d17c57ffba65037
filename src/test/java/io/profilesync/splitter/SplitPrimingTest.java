package io.profilesync.splitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.splitting.DestinationSummary;
import io.profilesync.splitting.RunResult;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.Pipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SnapStart priming splits its generated rows through every enabled destination as a real file's are (rejections,
 * a user's last row winning, batches cut), with nothing stored in S3 or queued on SQS (LocalS3, ElasticMQ), and only
 * for the functions that split files.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SplitPrimingTest {

    @Inject
    SplitPriming priming;

    @Inject
    ProfileSyncConfig config;

    @Test
    void primingSplitsTheGeneratedRowsForEveryDestinationAndStoresAndQueuesNothing() {
        Pipeline.purgeQueues();
        List<String> before = Pipeline.keys("");
        assertEquals(List.of(), priming(), "no priming file before");

        List<RunResult> rounds = priming.prime();

        assertEquals(2, rounds.size(), "300,000 rows in rounds of " + SplitPriming.ROUND_ROWS);
        assertEquals(SplitPriming.ROUND_ROWS, rounds.get(0).rows());
        assertTrue(rounds.get(0).dialect().contains("delimiter ','"), "the first round is CSV: " + rounds.get(0).dialect());
        assertEquals(null, rounds.get(1).dialect(), "the last round is a Parquet file, which has no CSV dialect");
        assertEquals(List.of(), priming(), "the Parquet file is deleted");
        long rows = config.split().primingRows();
        assertEquals(rows, rounds.stream().mapToLong(RunResult::rows).sum());
        for (RunResult result : rounds) {
            assertEquals(LocalAwsResource.destinations(), result.destinations().keySet());
            result.destinations().forEach((destination, summary) -> {
                assertEquals(result.rows(), summary.accepted() + summary.rejected() + summary.superseded(), destination + ": " + summary);
                assertTrue(summary.superseded() > 0, destination + ": every 20th row is an earlier user again");
                assertTrue(summary.batches() > 0, destination + " cut no batch");
            });
        }
        DestinationSummary insider = rounds.get(0).destinations().get("insider");
        assertTrue(insider.rejected() > 0, "Insider refuses the generated invalid emails and phone numbers: " + insider);
        assertEquals(before, Pipeline.keys(""), "priming stored something");
        LocalAwsResource.destinations().forEach(destination -> assertEquals(List.of(), Pipeline.drain(destination),
                "priming queued something for " + destination));
    }

    /** Priming's temporary files. */
    private static List<String> priming() {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("profile-sync-priming")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheFunctionsThatSplitFilesArePrimed() {
        assertTrue(priming.applies(), "this application exports the splitter");
        for (String function : List.of("poster", "callbacks", "replay", "export", "report", "split-failures")) {
            assertFalse(new SplitPriming(null, config, function).applies(), function);
        }
        assertTrue(new SplitPriming(null, config, "split-chunk").applies());
    }
}
