package io.profilesync.callbacks;

import java.util.Optional;
import java.util.regex.Pattern;

import io.profilesync.batching.OutboundItem;
import io.profilesync.run.RunKeys;
import io.profilesync.destination.insider.InsiderDestination;

/**
 * The Insider batch a callback's URL names ({@code ?run=<run_id>&batch=<n>}, added by the poster), where its run
 * stored it. Only a batch that is there was sent: a callback naming another is no run's.
 */
final class SentBatches {

    /** Run ids are derived names or {@code replay-<time>-<random>}: letters, digits and dashes only, never a path. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,200}");

    private SentBatches() {
    }

    /** The key of the batch a run and batch number name, or empty when they cannot name one. */
    static Optional<String> key(String outputPrefix, String runId, Integer batch) {
        if (runId == null || batch == null || batch < 0 || !RUN_ID.matcher(runId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new RunKeys(outputPrefix, runId).batchPart(InsiderDestination.NAME, OutboundItem.USERS, batch, null));
    }
}
