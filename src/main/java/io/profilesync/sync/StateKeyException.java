package io.profilesync.sync;

import io.profilesync.config.ConfigurationException;

/**
 * The state key is missing, unreadable, too short, or not the one the state was written with: found before a run
 * registers or cuts any batch, so the run can fail with nothing queued or recorded.
 */
public class StateKeyException extends ConfigurationException {

    public StateKeyException(String message) {
        super(message);
    }
}
