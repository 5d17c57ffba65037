package io.profilesync.report;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.run.RunCompletion;

/** The report function's one call: completes the run if it is over and was not completed, then writes its report. */
@ApplicationScoped
public class ReportService {

    private final RunCompletion completion;
    private final RunReporter reporter;

    public ReportService(RunCompletion completion, RunReporter reporter) {
        this.completion = completion;
        this.reporter = reporter;
    }

    public ObjectNode report(String bucket, String runId) {
        completion.completeIfOver(bucket, runId);
        return reporter.report(bucket, runId);
    }
}
