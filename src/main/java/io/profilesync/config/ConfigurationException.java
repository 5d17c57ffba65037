package io.profilesync.config;

/**
 * The deployment is missing something or has it wrong (credentials, a queue, a setting): not the fault of any
 * user or batch. Work that meets it is put back, never marked failed; the message names what to set.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
