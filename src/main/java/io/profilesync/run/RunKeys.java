package io.profilesync.run;

import io.profilesync.batching.Batch;

/** Where one run's outputs live in the working bucket. */
public record RunKeys(String outputPrefix, String runId) {

    public String root() {
        return outputPrefix + runId + "/";
    }

    public String manifest() {
        return root() + "manifest.json";
    }

    public String supersededRows() {
        return root() + "superseded-rows.jsonl";
    }

    public String rejectedRows() {
        return root() + "rejected-rows.jsonl";
    }

    public String batch(String vendor, Batch batch) {
        return root() + "batches/" + Batch.name(vendor, batch.stream(), batch.number()) + ".json";
    }

    /** Where the poster records what became of one batch. */
    public String outcome(String vendor, String stream, int batch) {
        return outcomesPrefix() + Batch.name(vendor, stream, batch) + ".json";
    }

    /** The poster's in-flight marker for one batch (see {@code poster.BatchClaims}). */
    public String claim(String vendor, String stream, int batch) {
        return root() + "claims/" + Batch.name(vendor, stream, batch) + ".json";
    }

    public String outcomesPrefix() {
        return root() + "outcomes/";
    }

    public String failedRows() {
        return root() + "failed-rows.jsonl";
    }

    public String report() {
        return root() + "report.json";
    }
}
