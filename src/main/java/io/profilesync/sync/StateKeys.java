package io.profilesync.sync;

import io.profilesync.run.RunKeys;

/** Where one vendor's state for one sync lives, and where runs record what they sent. */
public record StateKeys(String statePrefix, String sync, String vendor) {

    public String root() {
        return statePrefix + sync + "/" + vendor + "/";
    }

    public String manifest() {
        return root() + "state.json";
    }

    /** A partition as written by a run: never overwritten, so a concurrent reader always reads a whole one. */
    public String partition(int partition, String runId) {
        return root() + String.format("p%02d-%s.bin", partition, runId);
    }

    public String sentPrefix(RunKeys run) {
        return run.root() + "sent/" + vendor + "/";
    }

    public String sent(RunKeys run, String stream, int partition) {
        return sentPrefix(run) + stream + String.format("/p%02d.bin", partition);
    }
}
