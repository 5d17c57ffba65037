package io.profilesync.report;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.run.RunCompletion;
import io.profilesync.run.RunHolds;

/**
 * The report function's one call: completes the run if it is over and was not completed, then writes its report; or
 * releases a held run (its answer says what was queued, or why nothing was).
 */
@ApplicationScoped
public class ReportService {

    private final RunCompletion completion;
    private final RunReporter reporter;
    private final RunHolds holds;
    private final ObjectMapper json;
    private final ProfileSyncConfig config;

    public ReportService(RunCompletion completion, RunReporter reporter, RunHolds holds, ObjectMapper json,
            ProfileSyncConfig config) {
        this.config = config;
        this.completion = completion;
        this.reporter = reporter;
        this.holds = holds;
        this.json = json;
    }

    public ObjectNode report(String bucket, String runId) {
        completion.completeIfOver(bucket, runId);
        return reporter.report(bucket, runId);
    }

    /** Releases a held run; without a bucket, in the working bucket ({@code profile-sync.output-bucket}). */
    public ObjectNode release(String bucket, String runId) {
        String working = bucket != null ? bucket : config.outputBucket().orElseThrow(() -> new IllegalArgumentException(
                "no bucket: give {\"bucket\": \"<work bucket>\", \"release\": \"<run_id>\"}"));
        return json.valueToTree(holds.release(working, runId));
    }
}
