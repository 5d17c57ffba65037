package io.profilesync.sync;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.report.RunReporter;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.splitter.ChunkedSplit;
import io.profilesync.splitter.SplitterService;

/**
 * What the sync tests share: the splitter and the reporter of the poster's application (the poster is the
 * exported function, fed by real SQS events), fresh simulated destinations and empty queues before each test.
 */
abstract class SyncTest {

    @Inject
    SplitterService splitter;

    @Inject
    ChunkedSplit chunks;

    @Inject
    RunReporter reporter;

    @Inject
    ObjectMapper json;

    DestinationSimulator simulator;
    SyncRuns runs;

    @BeforeEach
    void freshDestinations() {
        simulator = DestinationSimulatorResource.fresh();
        runs = new SyncRuns(splitter, chunks, reporter, json);
    }
}
