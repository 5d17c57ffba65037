package io.profilesync.vendor;

/**
 * A rule a row breaks for one vendor.
 *
 * @param field the field at fault, as the vendor names it
 * @param rule the rule, as the vendor documents it (for example {@code regexp(^.+@.+\..+$)} or {@code required})
 * @param message a readable explanation; personal values in it are masked
 */
public record Violation(String field, String rule, String message) {
}
