package io.profilesync.destination;

import java.util.List;

/**
 * What a destination answered to one accepted request.
 *
 * @param status the HTTP status
 * @param failures users the destination refused, by their index in the request
 * @param taskId set when the destination processes the request later (Xtremepush 202): the outcome is only known
 *        once the task is checked
 * @param unconfirmed set when the answer does not say what became of the users it does not list as failed (an
 *        unreadable 200, a task that could not be checked): why. Those users are neither delivered nor failed:
 *        the destination may hold them.
 * @param submitted set with {@code taskId} when the request was a file the destination processes later (the name of the
 *        Personalization feed file): the batch is submitted, its users unconfirmed until a check reads the outcome
 */
public record PostResult(int status, List<UserFailure> failures, String taskId, String unconfirmed, boolean submitted) {

    public static PostResult accepted(int status) {
        return new PostResult(status, List.of(), null, null, false);
    }

    public static PostResult answered(int status, List<UserFailure> failures) {
        return new PostResult(status, failures, null, null, false);
    }

    public static PostResult pending(int status, String taskId) {
        return new PostResult(status, List.of(), taskId, null, false);
    }

    /** A file uploaded for the destination to process later, checked by its name. */
    public static PostResult submitted(String fileName) {
        return new PostResult(0, List.of(), fileName, null, true);
    }

    public static PostResult unconfirmed(int status, List<UserFailure> failures, String why) {
        return new PostResult(status, failures, null, why, false);
    }

    public boolean isPending() {
        return taskId != null;
    }

    public boolean isUnconfirmed() {
        return unconfirmed != null;
    }

    /** A user a destination refused, by its index in the request, with the destination's reason. */
    public record UserFailure(int index, String reason) {
    }
}
