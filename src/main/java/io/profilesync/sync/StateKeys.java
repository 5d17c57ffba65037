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

    /** The sorted key hashes of every user of one stream and partition a run holds a value for. */
    public String holding(RunKeys run, String stream, int partition) {
        return run.root() + "holding/" + vendor + "/" + stream + String.format("/p%02d.bin", partition);
    }

    /** A post in progress of a run's batch: newer runs' posts of this vendor wait for it (README, "The newest value wins"). */
    public String posting(String order, String batch) {
        return root() + "posting/" + order + "~" + batch;
    }

    public String postingPrefix() {
        return root() + "posting/";
    }
}
