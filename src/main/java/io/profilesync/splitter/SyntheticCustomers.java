package io.profilesync.splitter;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A generated CSV customer file, made row by row as it is read (nothing held, nothing on disk), in the columns the
 * default mapping knows and two of its own. Its rows take every path a real file's do: text that needs quoting or is
 * not ASCII, a user seen again later (the last row wins), an invalid email or phone number (rejected), a blank value.
 * Only for priming the splitter ({@link SplitPriming}): no customer's data.
 */
final class SyntheticCustomers extends InputStream {

    static final String HEADER = "user_id,email,phone,first_name,last_name,gender,birthday,age,country,city,language,"
            + "account_name,email_optin,sms_optin,whatsapp_optin,gdpr_optin,segment,lifetime_value\n";
    private static final String[] CITIES = {"Berlin", "Köln", "Zürich", "London", "Paris", "Kraków", "Oslo"};
    private static final String[] LANGUAGES = {"de", "de", "de", "en", "fr", "pl", "no"};
    private static final String[] COUNTRIES = {"DE", "DE", "CH", "GB", "FR", "PL", "NO"};

    private final long rows;
    private long row;
    private byte[] current = HEADER.getBytes(StandardCharsets.UTF_8);
    private int at;

    /** @param rows the rows after the header */
    SyntheticCustomers(long rows) {
        this.rows = rows;
    }

    @Override
    public int read() {
        if (!ready()) {
            return -1;
        }
        return current[at++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int read = 0;
        while (read < length && ready()) {
            int n = Math.min(length - read, current.length - at);
            System.arraycopy(current, at, into, offset + read, n);
            at += n;
            read += n;
        }
        return read == 0 ? -1 : read;
    }

    private boolean ready() {
        while (at == current.length) {
            if (row == rows) {
                return false;
            }
            current = row(++row).getBytes(StandardCharsets.UTF_8);
            at = 0;
        }
        return true;
    }

    /** Row {@code i}: every 20th is the user of ten rows before again, every 97th has an invalid email, every 89th a bad phone. */
    static String row(long i) {
        long user = i % 20 == 0 ? i - 10 : i;
        int place = (int) (user % CITIES.length);
        String email = i % 97 == 0 ? "person" + user + "-at-example.org" : "person" + user + "@example.org";
        String phone = i % 89 == 0 ? "12" : i % 11 == 0 ? "" : "+49 151 " + (1_000_000 + user % 9_000_000);
        String name = i % 7 == 0 ? "Zoë" : "Name" + (user % 1_000);
        String surname = i % 5 == 0 ? "\"Surname, " + user % 500 + "\"" : "Surname" + user % 500;
        return "p-" + user + "," + email + "," + phone + "," + name + "," + surname + "," + (i % 2 == 0 ? "F" : "M") + ","
                + (1940 + user % 60) + "-" + two(1 + user % 12) + "-" + two(1 + user % 28) + "," + (18 + user % 70) + ","
                + COUNTRIES[place] + "," + CITIES[place] + "," + LANGUAGES[place] + ",Account " + user % 2_000 + ","
                + (i % 2 == 0) + "," + (i % 3 == 0) + "," + (i % 4 == 0) + ",true,segment-" + user % 12 + ","
                + user % 10_000 + "." + two(user % 100) + "\n";
    }

    private static String two(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }
}
