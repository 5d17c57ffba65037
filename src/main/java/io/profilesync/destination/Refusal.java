package io.profilesync.destination;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A destination's answer that is not a success, as {@link HttpAnswers} hands it to the destination's own reading.
 *
 * @param destination the destination's name
 * @param status the HTTP status
 * @param reasonPhrase the status line's reason phrase ({@code Forbidden}, or a destination's own such as
 *        {@code Request Limit Exceeded}); empty when the transport gives none
 * @param body the start of the answer's body (at most {@link HttpAnswers#MAX_REFUSAL_BYTES}), for messages
 * @param retryAfter the {@code Retry-After} the destination gave, if any
 */
public record Refusal(String destination, int status, String reasonPhrase, String body, Optional<Duration> retryAfter) {

    /** Whether the reason phrase or the body says {@code phrase}, in any case. */
    public boolean says(String phrase) {
        String wanted = phrase.toLowerCase(Locale.ROOT);
        return reasonPhrase.toLowerCase(Locale.ROOT).contains(wanted) || body.toLowerCase(Locale.ROOT).contains(wanted);
    }

    /** The destination's words, for a message: the body, or the reason phrase when the body is empty. */
    public String words() {
        String words = body.isBlank() ? reasonPhrase : body;
        return words.length() <= 300 ? words : words.substring(0, 300) + "...";
    }
}
