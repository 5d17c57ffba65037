package io.profilesync.destination;

import java.util.OptionalInt;

/**
 * Whether a destination can delete the users a snapshot sync no longer holds ({@code on_removed: delete}), through its own
 * documented deletion API, and at what rate.
 *
 * @param refusal why {@code delete} is refused for the destination (no deletion API its documentation lets us cite), or
 *        null when it can delete
 * @param requestsPerMinute deletion requests one function instance may send a minute, a limit of their own (the
 *        destination counts them apart from its imports); empty when it documents none
 */
public record Deletion(String refusal, OptionalInt requestsPerMinute) {

    public static Deletion refused(String why) {
        return new Deletion(why, OptionalInt.empty());
    }

    public static Deletion perMinute(int requests) {
        return new Deletion(null, OptionalInt.of(requests));
    }

    public boolean available() {
        return refusal == null;
    }
}
