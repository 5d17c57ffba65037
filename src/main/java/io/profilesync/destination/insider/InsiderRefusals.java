package io.profilesync.destination.insider;

import io.profilesync.destination.CredentialsRejectedException;
import io.profilesync.destination.DeliveryException;
import io.profilesync.destination.HttpAnswers;
import io.profilesync.destination.Refusal;
import io.profilesync.destination.ThrottledException;

/**
 * Insider's refusals as Insider documents them, where they say more than HTTP does:
 * <ul>
 * <li>A 403 that says the request limit was exceeded is a throttle, not refused credentials. "API Rate Limits"
 * (https://academy.insiderone.com/docs/api-rate-limits-1) lists {@code 403 Request Limit Exceeded} beside
 * {@code 429 Too Many Requests}, a {@code Retry-After} only sometimes present and exponential backoff as the
 * remedy; "Status and Error Codes" (https://academy.insiderone.com/docs/status-and-error-codes-1) gives its
 * message as "Too many attempts, please slow down the request". Without {@code Retry-After} the guard backs off
 * exponentially with jitter.</li>
 * <li>A 400 "Partner is invalid." (Status and Error Codes: check {@code X-PARTNER-NAME}) is a configuration
 * problem: the partner name is kept with the credentials, so it is held like refused credentials, never a
 * failure of the batch's users.</li>
 * <li>Any other 403 ("Access Denied", "Invalid api key") and 401 ("Partner token authentication failed") stay
 * refused credentials; the rest as {@link HttpAnswers#standard}.</li>
 * </ul>
 */
final class InsiderRefusals {

    private InsiderRefusals() {
    }

    static DeliveryException read(Refusal refusal) {
        if (refusal.status() == 403 && isThrottle(refusal)) {
            return new ThrottledException("insider is rate limiting (403 Request Limit Exceeded): " + refusal.words(), 403,
                    refusal.retryAfter().orElse(null));
        }
        if (refusal.status() == 400 && refusal.says("partner is invalid")) {
            return new CredentialsRejectedException("insider does not know the partner name (400 Partner is invalid): set "
                    + "the partner name of the account the request token belongs to, lowercase: " + refusal.words(), 400);
        }
        return HttpAnswers.standard(refusal);
    }

    /** The words Insider's pages give a 403 throttle: its reason phrase, and its message. */
    private static boolean isThrottle(Refusal refusal) {
        return refusal.says("limit exceeded") || refusal.says("too many") || refusal.says("slow down");
    }
}
