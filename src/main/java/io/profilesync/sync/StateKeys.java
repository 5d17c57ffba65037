package io.profilesync.sync;

import io.profilesync.batching.OutboundItem;
import io.profilesync.run.RunKeys;

/** Where one destination's state for one sync lives, and where runs record what they sent. */
public record StateKeys(String statePrefix, String sync, String destination) {

    /** The state secret's key holding the state key ({@link StateKeySettings}). */
    public static final String HASH_KEY = "hash-key";
    /** 32 characters: 190 bits as Terraform generates them (letters and digits). */
    static final int MIN_KEY_LENGTH = 32;

    public String root() {
        return statePrefix + sync + "/" + destination + "/";
    }

    public String manifest() {
        return root() + "state.json";
    }

    /** A partition as written by a run: never overwritten, so a concurrent reader always reads a whole one. */
    public String partition(int partition, String runId) {
        return root() + String.format("p%02d-%s.bin", partition, runId);
    }

    /** The key directory beside a stored partition ({@link #partition}): the users' keys, by key hash. */
    public String names(String partitionKey) {
        return partitionKey.substring(0, partitionKey.length() - ".bin".length()) + ".keys";
    }

    /** The keys of the users a run sends of one partition, in the order of its sent items (beside them). */
    public String sentNames(RunKeys run, int partition) {
        return sentPrefix(run) + OutboundItem.USERS + String.format("/p%02d.keys", partition);
    }

    public String sentPrefix(RunKeys run) {
        return run.root() + "sent/" + destination + "/";
    }

    public String sent(RunKeys run, String stream, int partition) {
        return sentPrefix(run) + stream + String.format("/p%02d.bin", partition);
    }

    /** The sorted key hashes of every user of one stream and partition a run holds a value for. */
    public String holding(RunKeys run, String stream, int partition) {
        return run.root() + "holding/" + destination + "/" + stream + String.format("/p%02d.bin", partition);
    }

    /**
     * One run's part of the per-user index for the users of one partition (docs/tracing-one-user.md): under the sync,
     * beside the destinations' states, so that one LIST names every run that decided anything for a partition's users.
     */
    public String story(int partition, String runId) {
        return storyPrefix(partition) + runId + ".bin";
    }

    public String storyPrefix(int partition) {
        return statePrefix + sync + "/story/" + destination + String.format("/p%02d/", partition);
    }

    /** A post in progress of a run's batch: newer runs' posts of this destination wait for it (docs/sync.md, "The newest value wins"). */
    public String posting(String order, String batch) {
        return root() + "posting/" + order + "~" + batch;
    }

    public String postingPrefix() {
        return root() + "posting/";
    }
}
