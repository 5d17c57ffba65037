package io.profilesync.app;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/** The second half of the classes of {@code poster.PosterProfile}: files synced end to end (see PosterProfileDeliverySuite). */
@Suite
@SelectClasses(names = {
        "io.profilesync.sync.DeletesTest",
        "io.profilesync.sync.DialectsRunTest",
        "io.profilesync.sync.IdentifierChangesTest",
        "io.profilesync.sync.ParquetRunTest",
        "io.profilesync.sync.SyncModesTest",
        "io.profilesync.sync.SyncPropertiesTest",
        "io.profilesync.sync.SyncSemanticsTest"})
public class PosterProfileSyncSuite {
}
