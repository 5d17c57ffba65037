package io.profilesync.poster;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.profilesync.config.ConfigurationException;
import io.profilesync.guard.RateLimitedException;
import io.profilesync.poster.DeliveryLedger.Stale;
import io.profilesync.queue.BatchMessage;
import io.profilesync.destination.AnswerLostException;
import io.profilesync.destination.DeliveryException;
import io.profilesync.destination.NotSentException;

/**
 * The attempts of one delivery of a batch: whether a request may have reached the destination without its answer
 * coming back, so that every later attempt is a repost (counted, because Insider appends events and array values
 * on every upsert). An answered attempt after an unanswered one does not undo it: the destination may still hold the
 * unanswered request's users.
 */
final class PostAttempts {

    private boolean unanswered;
    private boolean reposted;
    private BatchMessage posted;
    private Stale stale;

    /** What is posted of the batch: without the users a newer run holds ({@code stale}). */
    void posting(BatchMessage batch, Stale left) {
        posted = batch;
        stale = left;
    }

    /** The batch as posted, or {@code whole} when nothing was left out (or posting did not begin). */
    BatchMessage posted(BatchMessage whole) {
        return posted == null ? whole : posted;
    }

    /** The users left out, once posting began. */
    Optional<Stale> stale() {
        return Optional.ofNullable(stale);
    }

    /** An earlier delivery's post lost its answer: the first attempt of this one is already a repost. */
    void earlierAnswerLost(boolean lost) {
        unanswered |= lost;
    }

    <T> T attempt(Callable<T> call) throws Exception {
        reposted |= unanswered;
        boolean earlier = unanswered;
        unanswered = true;
        try {
            T answer = call.call();
            unanswered = earlier;
            return answer;
        } catch (Exception e) {
            unanswered = earlier || mayHaveReachedDestination(e);
            throw e;
        }
    }

    boolean reposted() {
        return reposted;
    }

    /** An attempt (of this delivery, or of an earlier one) went out and no answer came back. */
    boolean answerLost() {
        return unanswered;
    }

    /**
     * Whether the request may have reached the destination without its answer coming back: anything but an answer
     * (an HTTP status), a request known not to have gone out (a refused connection, the rate limit's wait) or a
     * configuration error. An attempt interrupted by its timeout lands here too, whatever the client made of it.
     */
    private static boolean mayHaveReachedDestination(Exception e) {
        if (e instanceof DeliveryException delivery) {
            return delivery.status() == 0 && !(delivery instanceof NotSentException) && !(delivery instanceof RateLimitedException);
        }
        return !(e instanceof ConfigurationException);
    }
}
