package io.profilesync.splitting;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of the rejected-rows report: a row one destination will not receive, and why.
 *
 * @param line the source line the row starts on
 * @param destination the destination that refused it
 * @param field the field at fault ({@code *} for the whole record)
 * @param rule the rule it breaks
 * @param message a readable explanation, with personal values masked
 */
@RegisterForReflection
public record Rejection(long line, String destination, String field, String rule, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + destination + ": field '" + field + "' breaks " + rule + ": " + message;
    }
}
