package io.profilesync.mapping;

/**
 * A value the mapping's rules refuse (for example a {@code types:} entry it cannot be): the row is rejected
 * for every destination.
 *
 * @param field the field, after renames
 * @param rule the rule broken, e.g. {@code type(number)}
 * @param message what is wrong, personal values masked
 */
public record FieldProblem(String field, String rule, String message) {
}
