package io.profilesync.report;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.funqy.Funq;

/** Lambda entry point that writes a run's report ({@code QUARKUS_FUNQY_EXPORT=report}). */
public class ReportFunction {

    @Inject
    RunReporter reporter;

    @Funq("report")
    public ObjectNode report(ReportRequest request) {
        return reporter.report(request.bucket(), request.runId());
    }
}
