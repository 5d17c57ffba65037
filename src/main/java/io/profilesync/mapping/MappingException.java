package io.profilesync.mapping;

/** A mapping document that cannot be applied to a file: the whole file is refused, naming the problem. */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
