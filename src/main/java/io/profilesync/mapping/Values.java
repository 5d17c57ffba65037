package io.profilesync.mapping;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Conversions of text values to the types destinations document; empty when the text cannot become that type. */
public final class Values {

    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    /** What a calendar date is followed by in RFC 3339 ({@link #calendarDate}). */
    private static final String MIDNIGHT_UTC = "T00:00:00Z";
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s()\\-.]");
    private static final Optional<Boolean> TRUE = Optional.of(Boolean.TRUE);
    private static final Optional<Boolean> FALSE = Optional.of(Boolean.FALSE);
    private static final String[] TRUE_WORDS = {"true", "1", "yes", "y", "t"};
    private static final String[] FALSE_WORDS = {"false", "0", "no", "n", "f"};

    private Values() {
    }

    /** true, 1, yes, y, t or false, 0, no, n, f, in any case. */
    public static Optional<Boolean> bool(String text) {
        String word = text.strip();
        if (isAnyOf(word, TRUE_WORDS)) {
            return TRUE;
        }
        return isAnyOf(word, FALSE_WORDS) ? FALSE : Optional.empty();
    }

    private static boolean isAnyOf(String text, String[] lowerCaseWords) {
        for (String word : lowerCaseWords) {
            if (equalsAsciiIgnoringCase(text, word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code text}, with its ASCII capitals lowered, is {@code lowerCase}: what lowering the whole text would
     * answer for these words (no other character lowers to one of their letters), without a copy per value.
     */
    private static boolean equalsAsciiIgnoringCase(String text, String lowerCase) {
        if (text.length() != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static Optional<BigDecimal> number(String text) {
        String trimmed = text.strip();
        return isDecimal(trimmed) ? Optional.of(new BigDecimal(trimmed)) : Optional.empty();
    }

    /** {@code ^-?\d+(\.\d+)?$}, without a regex: every row's numbers go through it. */
    private static boolean isDecimal(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int point = text.indexOf('.');
        return point < 0 ? digits(text, start, text.length())
                : digits(text, start, point) && digits(text, point + 1, text.length());
    }

    /** Whether {@code [from, to)} is one or more ASCII digits. */
    private static boolean digits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^.+@.+\..+$} (any characters but line breaks, around an @ and a later dot), without a regex. */
    public static boolean isEmail(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        int at = text.indexOf('@', 1);
        return at > 0 && text.lastIndexOf('.', text.length() - 2) >= at + 2;
    }

    /**
     * {@code ^\+[1-9]\d{6,14}$} (E.164), or with {@code plusOptional} {@code ^\+?[1-9]\d{6,14}$}, without a
     * regex.
     */
    public static boolean isPhone(String text, boolean plusOptional) {
        int start = text.startsWith("+") ? 1 : 0;
        if (start == 0 && !plusOptional) {
            return false;
        }
        int length = text.length() - start;
        return length >= 7 && length <= 15 && text.charAt(start) != '0' && digits(text, start, text.length());
    }

    /**
     * A date-time as the same instant in RFC 3339 UTC ending in {@code Z} ({@code 2024-05-01T10:00:00+02:00}
     * becomes {@code 2024-05-01T08:00:00Z}); a plain date is midnight UTC.
     */
    public static Optional<String> utcDateTime(String text) {
        String trimmed = text.strip();
        if (isPlainDate(trimmed)) {
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
        if (isPlainDate(trimmed)) {
            // a valid yyyy-MM-dd is written back as it is read
            return plainDate(trimmed).map(day -> trimmed + MIDNIGHT_UTC);
        }
        if (trimmed.length() == 20 && trimmed.endsWith(MIDNIGHT_UTC) && isPlainDate(trimmed.substring(0, 10))) {
            // already what this writes (a date the file typed becomes it, calendarDate(LocalDate)): no date-time parse
            return plainDate(trimmed.substring(0, 10)).map(day -> trimmed);
        }
        return rfc3339(trimmed).map(time -> time.toLocalDate() + "T00:00:00Z");
    }

    /** A calendar date the file typed (Parquet DATE) as {@link #calendarDate(String)} writes it: midnight UTC. */
    public static String calendarDate(LocalDate date) {
        return date + MIDNIGHT_UTC;
    }

    /** An instant the file typed (Parquet TIMESTAMP) as {@link #utcDateTime(String)} writes it: RFC 3339 UTC. */
    public static String utcDateTime(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).format(UTC_SECONDS);
    }

    /** {@code ^\d{4}-\d{2}-\d{2}$}, without a regex: every row's dates go through it. */
    private static boolean isPlainDate(String text) {
        return text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-' && digits(text, 0, 4)
                && digits(text, 5, 7) && digits(text, 8, 10);
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

    /**
     * A typed or nested value as its JSON text, as {@link JsonNode#toString()} writes it, but for a decimal, written
     * plain: a boolean or a whole or decimal number (what typed values are: {@code TypedValues}) as its
     * {@link #scalarText}, without a pass through Jackson's writer.
     */
    public static String jsonText(JsonNode value) {
        return value.isBoolean() || value.isInt() || value.isLong() || value.isBigInteger() || value.isBigDecimal()
                ? scalarText(value) : value.toString();
    }

    /**
     * A typed scalar's text, as a CSV cell holding it would read: a decimal without an exponent (a Parquet DECIMAL
     * of 0.00000012 is "1.2E-7" as Java writes it).
     */
    public static String scalarText(JsonNode scalar) {
        return scalar.isBigDecimal() ? scalar.decimalValue().toPlainString() : scalar.asText();
    }

    /** A phone number without the punctuation people type into it: spaces, dashes, dots and brackets. */
    public static String compactPhone(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '+' && !Character.isLetterOrDigit(c)) {
                return PHONE_PUNCTUATION.matcher(text).replaceAll("");
            }
        }
        return text;
    }
}
