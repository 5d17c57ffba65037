package io.profilesync.common;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks personal data and secrets before they reach a log line or a report. */
public final class Mask {

    private static final Pattern EMAILS = Pattern.compile("[^\\s:;,\"']+@[^\\s:;,\"']+");
    private static final Pattern DIGIT_RUNS = Pattern.compile("\\+?\\d{6,}");
    /** What a parser quotes from its input: {@code 'jane'} or {@code "jane"}. */
    private static final Pattern QUOTED = Pattern.compile("'([^']{2,})'|\"([^\"]{2,})\"");
    /** JSON's literals, which a parser's message quotes as words of its own ({@code was expecting ... 'null'}). */
    private static final Set<String> LITERALS = Set.of("null", "true", "false");

    private Mask() {
    }

    /** {@code jane.doe@example.com} becomes {@code j***@e***.com}. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at < 0) {
            return head(email, 1);
        }
        String domain = email.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String tld = dot < 0 ? "" : domain.substring(dot);
        return head(email.substring(0, at), 1) + "@" + head(dot < 0 ? domain : domain.substring(0, dot), 1) + tld;
    }

    /** Keeps the last three characters: {@code +447700900900} becomes {@code ***900}. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        return phone.length() <= 3 ? "***" : "***" + phone.substring(phone.length() - 3);
    }

    /** Keeps the first character only, for tokens and any other value that may be personal. */
    public static String secret(String value) {
        return value == null ? null : head(value, 1);
    }

    /** Masks emails and phone-like digit runs inside free text, such as a destination's error message. */
    public static String freeText(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAILS.matcher(text).replaceAll(match -> Matcher.quoteReplacement(email(match.group())));
        return DIGIT_RUNS.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(phone(match.group())));
    }

    /**
     * A parser's message about the input (Jackson's, for example {@code Unrecognized token 'jane': was expecting ...}):
     * what it quotes from the input keeps its first character, and emails and phone-like digit runs elsewhere are
     * masked as in {@link #freeText(String)}.
     */
    public static String parserMessage(String message) {
        if (message == null) {
            return null;
        }
        String masked = QUOTED.matcher(message).replaceAll(match -> {
            String quoted = match.group(1) != null ? match.group(1) : match.group(2);
            String quote = match.group().substring(0, 1);
            return Matcher.quoteReplacement(LITERALS.contains(quoted) ? match.group() : quote + secret(quoted) + quote);
        });
        return freeText(masked);
    }

    private static String head(String value, int keep) {
        return value.length() <= keep ? "***" : value.substring(0, keep) + "***";
    }
}
