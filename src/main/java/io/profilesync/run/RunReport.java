package io.profilesync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a run's report from its manifest and outcomes, and answers it (implemented by the report package). */
public interface RunReport {

    ObjectNode report(String bucket, String runId);
}
