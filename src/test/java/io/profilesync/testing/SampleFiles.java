package io.profilesync.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generated customer files with conventional headers, about 200 bytes a row, for large-file tests and benchmarks. */
public final class SampleFiles {

    public static final String HEADER = "user_id,email,phone,email_optin,sms_optin,whatsapp_optin,gdpr_optin,"
            + "first_name,last_name,gender,birthday,age,country,city,language,account_name,loyalty_tier,favourite_store";

    private SampleFiles() {
    }

    /** Writes {@code rows} rows; every 1,000th row has an invalid email, so every destination sees some rejections. */
    public static Path writeCsv(Path file, long rows) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (long i = 1; i <= rows; i++) {
                out.write(row(i));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The user id of the row on a source line (line 1 is the header). */
    public static String userOnLine(long line) {
        return "cust-" + (line - 1);
    }

    static String row(long i) {
        String email = i % 1_000 == 0 ? "customer" + i + "-at-example" : "customer" + i + "@example.com";
        return "cust-" + i + "," + email + ",+4477009" + String.format("%05d", i % 100_000) + ","
                + (i % 2 == 0) + "," + (i % 3 == 0) + ",false,true,"
                + "Firstname" + i + ",\"Lastname, " + i + "\"," + (i % 2 == 0 ? "F" : "M") + ","
                + (1950 + i % 50) + "-0" + (1 + i % 9) + "-1" + (i % 9) + "," + (18 + i % 60) + ",GB,London,en,"
                + "Account " + (i % 5_000) + ",tier-" + (i % 4) + ",store-" + (i % 300);
    }
}
