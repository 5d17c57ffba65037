package io.profilesync.splitter;

import io.profilesync.batching.Batch;

/** Where one run's outputs live in the working bucket. */
record RunKeys(String outputPrefix, String runId) {

    String root() {
        return outputPrefix + runId + "/";
    }

    String manifest() {
        return root() + "manifest.json";
    }

    String rejectedRows() {
        return root() + "rejected-rows.jsonl";
    }

    String batch(String vendor, Batch batch) {
        return root() + "batches/" + vendor + "/" + batch.stream() + "-" + String.format("%06d", batch.number()) + ".json";
    }
}
