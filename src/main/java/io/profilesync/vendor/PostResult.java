package io.profilesync.vendor;

import java.util.List;

/**
 * What a vendor answered to one accepted request.
 *
 * @param status the HTTP status
 * @param failures users the vendor refused, by their index in the request
 * @param taskId set when the vendor processes the request later (Xtremepush 202): the outcome is only known
 *        once the task is checked
 */
public record PostResult(int status, List<UserFailure> failures, String taskId) {

    public static PostResult accepted(int status) {
        return new PostResult(status, List.of(), null);
    }

    public boolean isPending() {
        return taskId != null;
    }

    /** A user a vendor refused, by its index in the request, with the vendor's reason. */
    public record UserFailure(int index, String reason) {
    }
}
