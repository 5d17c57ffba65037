package io.profilesync.destination;

/**
 * A rule a row breaks for one destination.
 *
 * @param field the field at fault, as the destination names it
 * @param rule the rule, as the destination documents it (for example {@code regexp(^.+@.+\..+$)} or {@code required})
 * @param message a readable explanation; personal values in it are masked
 */
public record Violation(String field, String rule, String message) {
}
