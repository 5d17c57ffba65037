package io.profilesync.destination.evergage.feed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Salesforce documents about User ETL feed files, each rule next to its page:
 * <ul>
 * <li>UF: User ETL Data Feed, https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_user_data_feed.htm</li>
 * <li>FR: ETL File Requirements, https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_file_requirements.htm</li>
 * <li>OUT: Processing Outcome Status for ETL Jobs, https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_feeds_dashboard_outcome.htm</li>
 * <li>KB: Evergage knowledge base, "Setup and Deploy ETL Feeds", https://doc.evergage.com/display/EKB/Setup+and+Deploy+ETL+Feeds
 * (and its "CSV Feed Requirements" section, which UF and FR now carry)</li>
 * </ul>
 * <p>
 * <b>Assumptions</b> (what none of these pages says; each is tested with its other plausible answer):
 * <ol>
 * <li>Processing is confirmed by the folder the feed moves a file to: {@code processed} on success, {@code failed}
 * on error (OUT; KB says "Inbound to Processing to Processed"). Folder names are matched without regard to case, as
 * the two pages spell them differently. A file found in none of the folders (the site may delete files) stays
 * unconfirmed: never delivered by assumption.</li>
 * <li>No file size or row limit is documented: files are cut at {@link #MAX_ROWS} users (our own, lowered by
 * {@code profile-sync.destinations.evergage.max-items}), which keeps each batch's queue message small.</li>
 * <li>A file whose name does not match the feed's pattern is not processed (FR: "Files don't process unless the file
 * names match"), so a partial upload under such a name is never taken: uploads go to a temporary name first.</li>
 * <li>Compressed, then encrypted: {@code user-...csv.gz.pgp} (FR names both extensions, not their order).</li>
 * <li>The name's date and time order processing (FR: "uses the date to process files in order"): a file's name is
 * never earlier than any name already on the site, in any of the feed's folders (a name a folder added a time stamp
 * to included), one second apart; and never one the deployment gave before, even after the site deleted its file
 * ({@link FeedSite.NameRecord#claim}). Nothing says whether the feed takes a file named like one it processed, so
 * no name is ever given twice.</li>
 * </ol>
 */
public final class FeedRules {

    /** UF, "Filename Format": {@code user-YYYY-MM-DD_HH-MM-SS.csv}; FR: optionally {@code .gz} or {@code .zip}, and {@code .pgp}. */
    public static final Pattern FILE_NAME = Pattern.compile("user-(\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2})\\.csv(\\.gz|\\.zip)?(\\.pgp)?");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC);

    /** UF, schema: the user id column. */
    public static final String USER_ID = "userId";
    /** UF: custom attribute columns begin with {@code attribute:}; identity attributes too. */
    public static final String ATTRIBUTE = "attribute:";
    /** UF: the display name attribute, {@code attribute:name}, 120 long at most. */
    public static final String DISPLAY_NAME = "name";

    /** UF: "User ETL has a limit of five identity attributes". */
    public static final int MAX_IDENTITY_ATTRIBUTES = 5;
    /** UF: the user id or identity attribute "has a four-character minimum requirement", and 120 at most. */
    public static final int MIN_IDENTITY_LENGTH = 4;
    public static final int MAX_IDENTITY_BYTES = 120;
    /** UF: {@code attribute:name} 120; other {@code attribute:} columns 1024. FR: lengths are UTF-8 encoded bytes. */
    public static final int MAX_DISPLAY_NAME_BYTES = 120;
    public static final int MAX_ATTRIBUTE_BYTES = 1024;
    /** Assumption 2: our own cut, as none is documented. */
    public static final int MAX_ROWS = 15_000;

    private FeedRules() {
    }

    /**
     * The documented rule a value of this column breaks, if any: the user id and identity attributes (at least 4
     * characters, at most 120 bytes), {@code attribute:name} (120 bytes), other attributes (1024 bytes).
     *
     * @param attribute the attribute's name, or null for the user id
     */
    public static Optional<Breach> breach(String attribute, boolean identity, String value) {
        String column = attribute == null ? USER_ID : ATTRIBUTE + attribute;
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (attribute == null || identity) {
            if (value.codePointCount(0, value.length()) < MIN_IDENTITY_LENGTH) {
                return Optional.of(new Breach(column, "minLength(" + MIN_IDENTITY_LENGTH + ")", "the User ETL feed's " + column
                        + " takes at least " + MIN_IDENTITY_LENGTH + " characters"));
            }
            return tooLong(column, bytes, MAX_IDENTITY_BYTES);
        }
        return tooLong(column, bytes, DISPLAY_NAME.equals(attribute) ? MAX_DISPLAY_NAME_BYTES : MAX_ATTRIBUTE_BYTES);
    }

    private static Optional<Breach> tooLong(String column, int bytes, int max) {
        return bytes <= max ? Optional.empty() : Optional.of(new Breach(column, "maxBytes(" + max + ")", "the User ETL feed's "
                + column + " takes at most " + max + " UTF-8 bytes; this value has " + bytes));
    }

    /** A documented limit a value breaks: the feed's column, the rule, and a message without the value. */
    public record Breach(String column, String rule, String message) {
    }

    /** The file name for this second: {@code user-2026-12-05_18-53-31.csv}, and its extensions. */
    public static String fileName(Instant second, boolean gzip, boolean pgp) {
        return "user-" + NAME_TIME.format(second.truncatedTo(ChronoUnit.SECONDS)) + ".csv" + (gzip ? ".gz" : "")
                + (pgp ? ".pgp" : "");
    }

    /**
     * The second of the feed file name a file's name holds, if it holds one: the whole name, or a name a folder added
     * to when it moved the file (a time stamp: assumption 1).
     */
    public static Optional<Instant> second(String fileName) {
        var matcher = FILE_NAME.matcher(fileName);
        try {
            return matcher.find() ? Optional.of(Instant.from(NAME_TIME.parse(matcher.group(1)))) : Optional.empty();
        } catch (DateTimeParseException e) { // a name of the pattern that is no date (month 13): not one of ours
            return Optional.empty();
        }
    }
}
