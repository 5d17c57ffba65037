package io.profilesync.splitting;

import java.util.HashMap;
import java.util.Map;

import io.profilesync.common.LongTable;

/** A state whose destination takes everything a run sends, folded when {@link #take} is called. */
final class TakingState implements DestinationState {
    private final Map<Long, Long> fingerprints = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> sending = new HashMap<>();
    private final Map<Long, String> naming = new HashMap<>();

    @Override
    public LongTable delivered(int partition) {
        LongTable table = new LongTable();
        fingerprints.forEach((key, fingerprint) -> {
            if (DestinationState.partition(key) == partition) {
                table.put(key, fingerprint);
            }
        });
        return table;
    }

    @Override
    public void sending(String stream, int partition, SentItems sent) {
        for (int i = 0; i < sent.size(); i++) {
            if (DestinationState.partition(sent.keys()[i]) != partition) {
                throw new AssertionError("key hash " + sent.keys()[i] + " recorded in partition " + partition);
            }
            sending.put(sent.keys()[i], sent.fingerprints()[i]);
        }
    }

    @Override
    public void naming(int partition, long[] keyHashes, String[] userKeys) {
        for (int i = 0; i < keyHashes.length; i++) {
            naming.put(keyHashes[i], userKeys[i]);
        }
    }

    @Override
    public Map<Long, String> named(int partition) {
        Map<Long, String> partitionNames = new HashMap<>();
        names.forEach((key, name) -> {
            if (DestinationState.partition(key) == partition) {
                partitionNames.put(key, name);
            }
        });
        return partitionNames;
    }

    /** How many of the items this run records are not users named by their key (a user's identifiers are not). */
    long unnamed() {
        return sending.keySet().stream().filter(key -> !naming.containsKey(key)).count();
    }

    void take() {
        fingerprints.putAll(sending);
        names.putAll(naming);
        sending.clear();
        naming.clear();
    }
}
