package io.profilesync.destination;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;


/**
 * Turns what a destination's HTTP API did into an answer or a classified failure: 2xx is an answer; a refusal is
 * read by the destination's own reading of its documented answers ({@link #standard} when it has nothing to add:
 * 429 is a throttle, 401 and 403 refused credentials, 5xx worth retrying, other 4xx permanent); transport
 * errors are worth retrying. Bodies are read through a capped stream, never whole.
 */
public final class HttpAnswers {

    /** How much of a refusal's body is read: enough for the destination's message. */
    public static final int MAX_REFUSAL_BYTES = 4_096;

    private HttpAnswers() {
    }

    /** {@link #call(String, Supplier, Function)} with the {@link #standard} reading of refusals. */
    public static Response call(String destination, Supplier<Response> request) {
        return call(destination, request, HttpAnswers::standard);
    }

    /**
     * Calls the client and answers its response when it is a success; a refusal is thrown as {@code reading}
     * classifies it. {@code destination} is also the REST client's configuration key, whose URL must follow
     * {@link DestinationUrls}.
     */
    public static Response call(String destination, Supplier<Response> request, Function<Refusal, DeliveryException> reading) {
        requireHttps(destination);
        Response response;
        try {
            response = request.get();
        } catch (WebApplicationException e) {
            response = e.getResponse();
        } catch (ProcessingException e) {
            throw transportFailure(destination, e);
        }
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response;
        }
        String reason = response.getStatusInfo() == null || response.getStatusInfo().getReasonPhrase() == null ? ""
                : response.getStatusInfo().getReasonPhrase();
        String body = new String(body(response, MAX_REFUSAL_BYTES).bytes(), StandardCharsets.UTF_8);
        throw reading.apply(new Refusal(destination, status, reason, body,
                Optional.ofNullable(retryAfter(response.getHeaderString("Retry-After")))));
    }

    /**
     * What HTTP itself says of a refusal (RFC 9110 section 15.5, RFC 6585 section 4 for 429): 429 is a throttle,
     * 401 and 403 refused credentials, 5xx worth retrying, any other 4xx permanent.
     */
    public static DeliveryException standard(Refusal refusal) {
        int status = refusal.status();
        String destination = refusal.destination();
        if (status == 429) {
            return new ThrottledException(destination + " is rate limiting (429): " + refusal.words(), status,
                    refusal.retryAfter().orElse(null));
        }
        if (status == 401 || status == 403) {
            return new CredentialsRejectedException(destination + " refused the credentials (" + status + "): " + refusal.words(),
                    status);
        }
        if (status >= 500) {
            return new RetryableDeliveryException(destination + " failed with " + status + ": " + refusal.words(), status, null);
        }
        return new PermanentDeliveryException(destination + " refused the batch with " + status + ": " + refusal.words(), status);
    }

    /**
     * At most {@code max} bytes of the response's body, read through a capped stream, and whether there was
     * more.
     */
    public static Body body(Response response, int max) {
        if (!response.hasEntity()) {
            return new Body(new byte[0], false);
        }
        try (InputStream in = response.readEntity(InputStream.class)) {
            byte[] bytes = in.readNBytes(max);
            return new Body(bytes, in.read() >= 0);
        } catch (IOException | ProcessingException e) {
            return new Body(new byte[0], true);
        }
    }

    /**
     * The start of a destination's answer.
     *
     * @param bytes at most the cap's bytes
     * @param cut whether the answer was longer (or could not be read): {@code bytes} is not all of it
     */
    public record Body(byte[] bytes, boolean cut) {
    }

    private static void requireHttps(String destination) {
        String key = "quarkus.rest-client." + destination + ".url";
        ConfigProvider.getConfig().getOptionalValue(key, String.class)
                .ifPresent(url -> DestinationUrls.require(url, key));
    }

    private static RetryableDeliveryException transportFailure(String destination, ProcessingException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("connect timed out")) {
            return new NotSentException(destination + " did not accept the connection in time: " + cause, e);
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                || message.contains("timeout")) {
            return new AnswerLostException(destination + " timed out: " + cause, e);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return new NotSentException(destination + " refused the connection: " + cause, e);
        }
        if (cause instanceof SocketException) {
            return new AnswerLostException(destination + " dropped the connection: " + cause, e);
        }
        return new RetryableDeliveryException(destination + " could not be reached: " + cause, 0, e);
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
}
