package io.profilesync.sync;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.report.RunReporter;
import io.profilesync.simulator.VendorSimulator;
import io.profilesync.simulator.VendorSimulatorResource;
import io.profilesync.splitter.ChunkedSplit;
import io.profilesync.splitter.SplitterService;

/**
 * What the sync tests share: the splitter and the reporter of the poster's application (the poster is the
 * exported function, fed by real SQS events), fresh simulated vendors and empty queues before each test.
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

    VendorSimulator simulator;
    SyncRuns runs;

    @BeforeEach
    void freshVendors() {
        simulator = VendorSimulatorResource.fresh();
        runs = new SyncRuns(splitter, chunks, reporter, json);
    }
}
