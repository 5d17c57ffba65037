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

    /** The users a snapshot sync's file no longer holds (docs/sync.md, "Modes and removals"). */
    public String removedUsers() {
        return root() + "removed-users.jsonl";
    }

    /** The users whose identifier changed while their key stayed (docs/identifiers.md). */
    public String identifierChanges() {
        return root() + "identifier-changes.jsonl";
    }

    /**
     * A replay run's batches' places: per batch number, the sync and place in its order of the run whose users it sends
     * again, so that a replay of its own callbacks keeps them.
     */
    public String places() {
        return root() + "places.json";
    }

    public String rejectedRows() {
        return root() + "rejected-rows.jsonl";
    }

    public String batch(String destination, Batch batch) {
        return root() + "batches/" + Batch.name(destination, batch.stream(), batch.number()) + ".json";
    }

    /** Where the poster records what became of one batch. */
    public String outcome(String destination, String stream, int batch) {
        return outcome(destination, stream, batch, null);
    }

    /** Where the poster records what became of one batch, or of a part of it ({@code users-000003.1.2.json}). */
    public String outcome(String destination, String stream, int batch, String part) {
        return outcomesPrefix() + name(destination, stream, batch, part) + ".json";
    }

    /** The poster's in-flight marker for one batch (see {@code poster.BatchClaims}). */
    public String claim(String destination, String stream, int batch) {
        return claim(destination, stream, batch, null);
    }

    /** The poster's in-flight marker for one batch or part. */
    public String claim(String destination, String stream, int batch, String part) {
        return root() + "claims/" + name(destination, stream, batch, part) + ".json";
    }

    /**
     * The body of a part of a batch the destination refused as a whole, which the poster split: next to the batch's,
     * {@code batches/insider/users-000003.1.2.json}.
     */
    public String batchPart(String destination, String stream, int batch, String part) {
        return root() + "batches/" + name(destination, stream, batch, part) + ".json";
    }

    /**
     * The answer a destination refused a batch or part with as a whole, kept while it is split, so that its halves can
     * tell whether halving changed the answer (see {@code poster.SplitRetries}).
     */
    public String refusal(String destination, String stream, int batch, String part) {
        return root() + "refusals/" + name(destination, stream, batch, part) + ".json";
    }

    private static String name(String destination, String stream, int batch, String part) {
        return Batch.name(destination, stream, batch) + (part == null ? "" : "." + part);
    }

    /** The marker of a batch (or part) whose outcome is final: see {@code run.RunCompletion}. */
    public String done(String destination, String stream, int batch, String part) {
        return donePrefix() + name(destination, stream, batch, part);
    }

    public String donePrefix() {
        return root() + "done/";
    }

    /** Written once, by whoever completes the run (see {@code run.RunCompletion}). */
    public String completion() {
        return root() + "completion.json";
    }

    /**
     * Where a guarded run keeps the messages of its stored batches until it is known to be within its guards (then
     * they are queued) or is released ({@code part}: {@code run} for a file in one piece, {@code gNNN} per group).
     */
    public String messages(String part) {
        return messagesPrefix() + part + ".jsonl";
    }

    public String messagesPrefix() {
        return root() + "messages/";
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

    /** The run report for people: one self-contained HTML page. */
    public String reportHtml() {
        return root() + "report.html";
    }
}
