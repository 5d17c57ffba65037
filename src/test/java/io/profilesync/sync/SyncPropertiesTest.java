package io.profilesync.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.splitting.SyncSequenceProperties;
import io.profilesync.testing.LocalAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * End to end, the sync's promise over generated sequences of files ({@code splitting.SyncSequenceProperties} checks
 * the same sequences in process, hundreds of them): after every file, what each simulated destination holds equals
 * the files' truth (each user's last row of each file, blanks leaving what the destination held), and each
 * destination was sent exactly the users whose payload is new or changed, each once. Here every sequence runs through
 * the real triggers, the S3 state, the queues and the poster, each in a sync of its own against fresh destinations;
 * a failure prints its files. {@code -Dsync-properties.tries=N} sets how many sequences a run checks (8 by default).
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class SyncPropertiesTest extends SyncTest {

    private static final List<String> DESTINATIONS = List.of("insider", "xtremepush", "evergage");
    private static final int TRIES = Integer.getInteger("sync-properties.tries", 8);

    @Test
    void theDestinationsHoldTheFilesTruthAndOnlyChangesAreSent() {
        SyncSequenceProperties.sequences().sampleStream().limit(TRIES).forEach(files -> {
            simulator.reset();
            check(files, "incoming/property-" + UUID.randomUUID().toString().substring(0, 8) + "/");
        });
    }

    private void check(List<List<String[]>> files, String folder) {
        SyncSequenceProperties.Truth truth = new SyncSequenceProperties.Truth();
        for (int file = 1; file <= files.size(); file++) {
            String csv = SyncSequenceProperties.csv(files.get(file - 1));
            Map<String, Integer> sentBefore = new HashMap<>();
            DESTINATIONS.forEach(destination -> sentBefore.put(destination, simulator.processedUsers(destination).size()));

            JsonNode report = runs.run(folder + "file-" + file + ".csv", csv);

            truth.next(files.get(file - 1));
            String context = "file " + file + " of " + files.stream().map(SyncSequenceProperties::csv).toList() + ":\n" + csv;
            for (String destination : DESTINATIONS) {
                List<String> all = simulator.processedUsers(destination);
                truth.check(destination, all.subList(sentBefore.get(destination), all.size()),
                        report.at("/destinations/" + destination + "/unchanged").asLong(), simulator.holdings(destination), context);
            }
        }
    }
}
