package io.profilesync.app;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The first half of the classes of {@code poster.PosterProfile}: deliveries, chunks, runs' completion and reports.
 * The profile's classes are cut in two suites, one for each of the build's two JVMs: they run first (alphabetical order).
 */
@Suite
@SelectClasses(names = {
        "io.profilesync.poster.PosterFunctionTest",
        "io.profilesync.poster.SplitRetriesTest",
        "io.profilesync.run.RunCompletionTest",
        "io.profilesync.splitter.SplitFailuresTest",
        "io.profilesync.sync.ChunkedRunTest",
        "io.profilesync.sync.GuardsTest",
        "io.profilesync.sync.HtmlReportBrowserTest",
        "io.profilesync.sync.NewestValueTest",
        "io.profilesync.sync.OutcomeTableTest",
        "io.profilesync.sync.StateKeyMigrationTest",
        "io.profilesync.sync.UserStoryTest"})
public class PosterProfileDeliverySuite {
}
