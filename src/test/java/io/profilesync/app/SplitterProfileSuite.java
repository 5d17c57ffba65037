package io.profilesync.app;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/** The classes of the default test profile: the splitter function. */
@Suite
@SelectClasses(names = {
        "io.profilesync.guard.GuardMetricsTest",
        "io.profilesync.splitter.SplitPrimingTest",
        "io.profilesync.splitter.SplitterDialectsTest",
        "io.profilesync.splitter.SplitterFunctionTest",
        "io.profilesync.splitter.SplitterLimitsTest",
        "io.profilesync.splitter.SplitterMappingTest"})
public class SplitterProfileSuite {
}
