package io.profilesync.splitter;

/**
 * Where the chunks of one run keep their intermediate files in the working bucket, under their own prefix
 * ({@code split-chunks/<run_id>/}) so that a lifecycle rule can expire them.
 */
record ChunkKeys(String prefix, String runId) {

    String root() {
        return prefix + runId + "/";
    }

    /** The chunks, the file's header and everything else the chunks' invocations share. */
    String plan() {
        return root() + "plan.json";
    }

    /** Written once every chunk's message is queued: the S3 notification, if redelivered, is then a duplicate. */
    String queued() {
        return root() + "queued";
    }

    String summary(int chunk) {
        return chunk(chunk) + "summary.json";
    }

    String rejectedRows(int chunk) {
        return chunk(chunk) + "rejected-rows.jsonl";
    }

    /** One destination's items of one partition, as the chunk handed them on. */
    String items(int chunk, String destination, int partition) {
        return chunk(chunk) + "items/" + destination + "/p" + String.format("%02d", partition) + ".bin";
    }

    String done(int chunk) {
        return donePrefix() + String.format("c%05d", chunk);
    }

    String donePrefix() {
        return root() + "done/";
    }

    /** Who fans out the reduce: the first invocation to find every chunk done. */
    String fanOutClaim() {
        return root() + "fan-out.json";
    }

    String reducePlan() {
        return root() + "reduce-plan.json";
    }

    String groupResult(int group) {
        return group(group) + "result.json";
    }

    String groupSupersededRows(int group) {
        return group(group) + "superseded-rows.jsonl";
    }

    String groupRemovedUsers(int group) {
        return group(group) + "removed-users.jsonl";
    }

    String groupIdentifierChanges(int group) {
        return group(group) + "identifier-changes.jsonl";
    }

    String groupDone(int group) {
        return groupsDonePrefix() + String.format("g%03d", group);
    }

    String groupsDonePrefix() {
        return root() + "groups-done/";
    }

    /** Who finishes the run: the first invocation to find every group done. */
    String finishClaim() {
        return root() + "finish.json";
    }

    private String group(int group) {
        return root() + String.format("g%03d/", group);
    }

    private String chunk(int chunk) {
        return root() + String.format("c%05d/", chunk);
    }
}
