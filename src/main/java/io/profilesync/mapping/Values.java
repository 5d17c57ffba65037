package io.profilesync.mapping;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Conversions of text values to the types vendors document; empty when the text cannot become that type. */
public final class Values {

    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final Pattern PLAIN_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    private static final Pattern DECIMAL = Pattern.compile("^-?\\d+(\\.\\d+)?$");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s()\\-.]");

    private Values() {
    }

    public static Optional<Boolean> bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "t" -> Optional.of(Boolean.TRUE);
            case "false", "0", "no", "n", "f" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    public static Optional<BigDecimal> number(String text) {
        String trimmed = text.strip();
        return DECIMAL.matcher(trimmed).matches() ? Optional.of(new BigDecimal(trimmed)) : Optional.empty();
    }

    /**
     * A date-time as the same instant in RFC 3339 UTC ending in {@code Z} ({@code 2024-05-01T10:00:00+02:00}
     * becomes {@code 2024-05-01T08:00:00Z}); a plain date is midnight UTC.
     */
    public static Optional<String> utcDateTime(String text) {
        String trimmed = text.strip();
        if (PLAIN_DATE.matcher(trimmed).matches()) {
            return plainDate(trimmed).map(date -> date + "T00:00:00Z");
        }
        return rfc3339(trimmed).map(time -> time.withOffsetSameInstant(ZoneOffset.UTC).format(UTC_SECONDS));
    }

    /**
     * A calendar date (a birthday) as midnight UTC in RFC 3339, keeping the day it names: a date-time with an
     * offset keeps its own date ({@code 1993-03-12T00:00:00+02:00} becomes {@code 1993-03-12T00:00:00Z}, not
     * the 11th, as converting the instant would).
     */
    public static Optional<String> calendarDate(String text) {
        String trimmed = text.strip();
        Optional<LocalDate> date = PLAIN_DATE.matcher(trimmed).matches() ? plainDate(trimmed)
                : rfc3339(trimmed).map(OffsetDateTime::toLocalDate);
        return date.map(day -> day + "T00:00:00Z");
    }

    private static Optional<LocalDate> plainDate(String text) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                    Integer.parseInt(text, 8, 10, 10)));
        } catch (DateTimeException notADate) {
            return Optional.empty();
        }
    }

    public static Optional<OffsetDateTime> rfc3339(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A phone number without the punctuation people type into it: spaces, dashes, dots and brackets. */
    public static String compactPhone(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) != '+') {
                return PHONE_PUNCTUATION.matcher(text).replaceAll("");
            }
        }
        return text;
    }
}
