package io.profilesync.report;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.funqy.Funq;

/**
 * Lambda entry point that writes a run's report now ({@code QUARKUS_FUNQY_EXPORT=report}): runs complete and
 * report by themselves ({@code run.RunCompletion}); this reads a run again, e.g. after a redrive, and completes a
 * run whose completion could not be published. With {@code release}, it releases a held run (docs/sync.md, "Guards").
 */
public class ReportFunction {

    @Inject
    ReportService reports;

    @Funq("report")
    public ObjectNode report(ReportRequest request) {
        return request.release() != null ? reports.release(request.bucket(), request.release())
                : reports.report(request.bucket(), request.runId());
    }
}
