package io.profilesync.delivery;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns what a vendor's HTTP API did into an answer or a classified failure: 2xx is an answer, 429 and 5xx
 * and transport errors are worth retrying, other 4xx are permanent.
 */
public final class HttpAnswers {

    private static final int MAX_BODY_IN_MESSAGE = 300;

    private HttpAnswers() {
    }

    /** Calls the client and answers its response when it is a success. */
    public static Response call(String vendor, Supplier<Response> request) {
        Response response;
        try {
            response = request.get();
        } catch (WebApplicationException e) {
            response = e.getResponse();
        } catch (ProcessingException e) {
            throw transportFailure(vendor, e);
        }
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response;
        }
        String body = abbreviated(response.hasEntity() ? response.readEntity(String.class) : "");
        if (status == 429) {
            throw new RetryableDeliveryException(vendor + " is rate limiting (429): " + body, status,
                    retryAfter(response.getHeaderString("Retry-After")), null);
        }
        if (status >= 500) {
            throw new RetryableDeliveryException(vendor + " failed with " + status + ": " + body, status, null);
        }
        throw new PermanentDeliveryException(vendor + " refused the batch with " + status + ": " + body, status);
    }

    private static RetryableDeliveryException transportFailure(String vendor, ProcessingException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String what = cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                || String.valueOf(cause.getMessage()).toLowerCase().contains("timeout")
                ? "timed out"
                : cause instanceof ConnectException ? "refused the connection"
                : cause instanceof SocketException ? "dropped the connection" : "could not be reached";
        return new RetryableDeliveryException(vendor + " " + what + ": " + cause, 0, e);
    }

    /** {@code Retry-After} is either seconds or an HTTP date. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String abbreviated(String body) {
        return body.length() <= MAX_BODY_IN_MESSAGE ? body : body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
