package io.profilesync.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reading an object from S3 failed part-way (a network or service fault, not bad data). Unchecked on purpose:
 * it passes through the parsers untouched, so it is never mistaken for a broken file, and the invocation fails
 * and is retried.
 */
public class ObjectReadException extends UncheckedIOException {

    public ObjectReadException(String location, IOException cause) {
        super("reading " + location + " failed: " + cause.getMessage(), cause);
    }
}
