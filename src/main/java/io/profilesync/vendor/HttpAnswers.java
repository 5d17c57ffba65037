package io.profilesync.vendor;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;

import io.profilesync.config.ConfigurationException;

/**
 * Turns what a vendor's HTTP API did into an answer or a classified failure: 2xx is an answer, 429 and 5xx
 * and transport errors are worth retrying, other 4xx are permanent.
 */
public final class HttpAnswers {

    private static final int MAX_BODY_IN_MESSAGE = 300;

    private HttpAnswers() {
    }

    /**
     * Calls the client and answers its response when it is a success. {@code vendor} is also the REST client's
     * configuration key, whose URL must be {@code https://} unless it is a loopback address (the local run).
     */
    public static Response call(String vendor, Supplier<Response> request) {
        requireHttps(vendor);
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
        if (status == 401 || status == 403) {
            throw new CredentialsRejectedException(vendor + " refused the credentials (" + status + "): " + body, status);
        }
        if (status >= 500) {
            throw new RetryableDeliveryException(vendor + " failed with " + status + ": " + body, status, null);
        }
        throw new PermanentDeliveryException(vendor + " refused the batch with " + status + ": " + body, status);
    }

    private static void requireHttps(String vendor) {
        String key = "quarkus.rest-client." + vendor + ".url";
        Optional<URI> url = ConfigProvider.getConfig().getOptionalValue(key, String.class).map(URI::create);
        if (url.isEmpty() || "https".equalsIgnoreCase(url.get().getScheme()) || isLoopback(url.get().getHost())) {
            return;
        }
        throw new ConfigurationException(key + " must be an https:// URL (set " + key.toUpperCase(Locale.ROOT)
                .replace('.', '_').replace('-', '_') + "); plain http is only for loopback addresses");
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || host != null && (host.startsWith("127.") || host.equals("[::1]"));
    }

    private static RetryableDeliveryException transportFailure(String vendor, ProcessingException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("connect timed out")) {
            return new NotSentException(vendor + " did not accept the connection in time: " + cause, e);
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                || message.contains("timeout")) {
            return new AnswerLostException(vendor + " timed out: " + cause, e);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return new NotSentException(vendor + " refused the connection: " + cause, e);
        }
        if (cause instanceof SocketException) {
            return new AnswerLostException(vendor + " dropped the connection: " + cause, e);
        }
        return new RetryableDeliveryException(vendor + " could not be reached: " + cause, 0, e);
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
