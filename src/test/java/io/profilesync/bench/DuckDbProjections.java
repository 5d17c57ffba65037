package io.profilesync.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.profilesync.mapping.Fields;

/**
 * The reference {@code infra/bench/splitter} races the splitter core against: DuckDB reads the same CSV (every
 * value as text, as the splitter does) or the same rows as Parquet ({@link #source}) and writes one destination-shaped
 * JSON lines file per destination to OUTDIR, each shaped like that destination's user payload from the conventional columns the
 * file has:
 * <ul>
 * <li>{@code insider.jsonl}: {@code {"identifiers":{"uuid","email","phone_number"},"attributes":{"name","surname",
 * ...,"age" (number),"birthday" (date),opt-ins (booleans),"custom":{other columns}}}}, rows with an invalid e-mail
 * or phone number left out;</li>
 * <li>{@code xtremepush.jsonl}: a profile import row, {@code user_id, email, email_subscription (0/1),
 * mobile_number (digits), sms_subscription (0/1)} and every other column;</li>
 * <li>{@code evergage.jsonl}: {@code {"name","accountName","attributes":{every other column}}}.</li>
 * </ul>
 * No last-row-wins, no batching: a projection, the least a SQL engine does for the same output. Not a test:
 * {@code infra/bench/splitter} runs it in a fresh JVM: {@code DuckDbProjections FILE OUTDIR}.
 */
public final class DuckDbProjections {

    private DuckDbProjections() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path sink = Path.of(args.length > 1 ? args[1] : "/dev/null");
        boolean wholeJob = args.length > 2 && args[2].equals("--whole-job");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = connection.createStatement()) {
            // One parse into a table: every projection reads it, not the file again. The load keeps the file's order
            // (rowid is the line), which only the whole job needs (last row wins); nothing after it does.
            sql.execute("CREATE TABLE customers AS " + source(file));
            sql.execute("SET preserve_insertion_order = false");
            List<String> columns = new ArrayList<>();
            try (ResultSet described = sql.executeQuery("DESCRIBE customers")) {
                while (described.next()) {
                    columns.add(described.getString("column_name"));
                }
            }
            Map<String, String> projections = new LinkedHashMap<>();
            projections.put("insider", insider(columns));
            projections.put("xtremepush", xtremepush(columns));
            projections.put("evergage", evergage(columns));
            if (wholeJob) {
                // last row per user, the splitter's rule, before the projections read it
                sql.execute("CREATE TABLE latest AS SELECT " + column(Fields.USER_ID) + ", arg_max(COLUMNS(* EXCLUDE ("
                        + column(Fields.USER_ID) + ")), rowid) FROM customers GROUP BY ALL");
            }
            for (Map.Entry<String, String> projection : projections.entrySet()) {
                String destination = projection.getKey();
                String select = wholeJob ? projection.getValue().replace(" FROM customers", " FROM latest") : projection.getValue();
                long rows = sql.executeLargeUpdate("COPY (" + (wholeJob ? batched(select, BATCH_USERS.get(destination)) : select)
                        + ") TO " + literal(sink.toString()) + " (FORMAT " + (wholeJob ? "CSV, HEADER false, QUOTE ''" : "JSON")
                        + ", USE_TMP_FILE false)");
                System.out.printf("  %-10s %,d %s%n", destination, rows, wholeJob ? "batches" : "rows");
            }
            try (ResultSet version = sql.executeQuery("SELECT version()")) {
                version.next();
                System.out.printf("  DuckDB %s, %d columns, %s%n", version.getString(1), columns.size(),
                        wholeJob ? "the whole job (last row per user, fingerprints, batches)" : "projections");
            }
        }
    }

    /**
     * The file as a table of text: a CSV with every value as text, as the splitter reads it; a Parquet file (the race on
     * {@code infra/bench/splitter-parquet}) read by DuckDB's own reader, each typed column then cast to its text (its
     * booleans {@code true}/{@code false}, its dates ISO), so the same projections give the same JSON as from the CSV.
     */
    private static String source(Path file) {
        if (file.getFileName().toString().endsWith(".parquet")) {
            return "SELECT COLUMNS(*)::VARCHAR FROM read_parquet(" + literal(file.toString()) + ")";
        }
        return "SELECT * FROM read_csv(" + literal(file.toString()) + ", header = true, all_varchar = true)";
    }

    /** Users a request carries, as the destinations' mappers cap them (Evergage at SplitOnce's cap). */
    private static final Map<String, Integer> BATCH_USERS = Map.of("insider", 1_000, "xtremepush", 10_000, "evergage", 500);

    /**
     * A projection cut in request bodies: each user's JSON, its fingerprint (DuckDB's 64-bit hash, what the state
     * keeps), and one line per batch holding the fingerprints and the body. Byte caps are left out: at about 300
     * bytes a user no batch of the bench file comes near one.
     */
    private static String batched(String projection, int users) {
        return "WITH payloads AS (SELECT to_json(p)::VARCHAR AS payload FROM (" + projection + ") p), "
                + "numbered AS (SELECT payload, hash(payload) AS fingerprint, (row_number() OVER () - 1) // "
                + users + " AS batch FROM payloads) "
                + "SELECT batch, string_agg(fingerprint::VARCHAR, ' ') AS fingerprints, "
                + "'{\"users\":[' || string_agg(payload, ',') || ']}' AS body FROM numbered GROUP BY batch";
    }

    private static String insider(List<String> columns) {
        StringJoiner identifiers = new StringJoiner(", ", "{", "}");
        present(columns, Fields.USER_ID).forEach(c -> identifiers.add("'uuid': " + column(c)));
        present(columns, Fields.EMAIL).forEach(c -> identifiers.add("'email': " + column(c)));
        present(columns, Fields.PHONE).forEach(c -> identifiers.add("'phone_number': " + phone(c)));
        StringJoiner attributes = new StringJoiner(", ", "{", "}");
        Map<String, String> text = Map.of(Fields.FIRST_NAME, "name", Fields.LAST_NAME, "surname", Fields.GENDER, "gender",
                Fields.LANGUAGE, "language", Fields.COUNTRY, "country", Fields.CITY, "city");
        for (String c : columns) {
            if (text.containsKey(c)) {
                attributes.add(literal(text.get(c)) + ": " + column(c));
            }
        }
        present(columns, Fields.AGE).forEach(c -> attributes.add("'age': CASE WHEN regexp_full_match(trim(" + column(c)
                + "), '-?[0-9]+(\\.[0-9]+)?') THEN CAST(trim(" + column(c) + ") AS JSON) END"));
        present(columns, Fields.BIRTHDAY).forEach(c -> attributes.add("'birthday': TRY_CAST(" + column(c) + " AS DATE)"));
        for (String optIn : Fields.OPT_INS) {
            present(columns, optIn).forEach(c -> attributes.add(literal(c) + ": " + bool(c)));
        }
        Set<String> standard = Set.copyOf(Fields.CONVENTIONAL);
        StringJoiner custom = new StringJoiner(", ", "{", "}").setEmptyValue("");
        columns.stream().filter(c -> !standard.contains(c) || c.equals(Fields.ACCOUNT_NAME))
                .forEach(c -> custom.add(literal(c) + ": " + column(c)));
        if (custom.length() > 0) {
            attributes.add("'custom': " + custom);
        }
        StringJoiner valid = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
        present(columns, Fields.EMAIL).forEach(c -> valid.add("coalesce(regexp_full_match(" + column(c)
                + ", '.+@.+\\..+'), true)"));
        present(columns, Fields.PHONE).forEach(c -> valid.add("coalesce(regexp_full_match(" + phone(c)
                + ", '\\+[1-9][0-9]{6,14}'), true)"));
        return "SELECT " + identifiers + " AS identifiers, " + attributes + " AS attributes FROM customers" + valid;
    }

    private static String xtremepush(List<String> columns) {
        StringJoiner row = new StringJoiner(", ");
        Set<String> contact = Set.of(Fields.EMAIL_OPTIN, Fields.PHONE, Fields.SMS_OPTIN);
        for (String c : columns) {
            if (c.equals(Fields.EMAIL)) {
                row.add(column(c) + " AS email");
                present(columns, Fields.EMAIL_OPTIN).forEach(o -> row.add("CAST(" + bool(o) + " AS INTEGER) AS email_subscription"));
            } else if (c.equals(Fields.PHONE)) {
                row.add("TRY_CAST(ltrim(" + phone(c) + ", '+') AS BIGINT) AS mobile_number");
                present(columns, Fields.SMS_OPTIN).forEach(o -> row.add("CAST(" + bool(o) + " AS INTEGER) AS sms_subscription"));
            } else if (!contact.contains(c)) {
                row.add(column(c));
            }
        }
        return "SELECT " + row + " FROM customers";
    }

    private static String evergage(List<String> columns) {
        StringJoiner user = new StringJoiner(", ");
        present(columns, Fields.USER_ID).forEach(c -> user.add(column(c) + " AS name"));
        present(columns, Fields.ACCOUNT_NAME).forEach(c -> user.add(column(c) + " AS accountName"));
        StringJoiner attributes = new StringJoiner(", ", "{", "}");
        columns.stream().filter(c -> !c.equals(Fields.USER_ID) && !c.equals(Fields.ACCOUNT_NAME))
                .forEach(c -> attributes.add(literal(c) + ": " + column(c)));
        user.add(attributes + " AS attributes");
        return "SELECT " + user + " FROM customers";
    }

    private static List<String> present(List<String> columns, String name) {
        return columns.contains(name) ? List.of(name) : List.of();
    }

    private static String phone(String c) {
        return "regexp_replace(" + column(c) + ", '[^0-9A-Za-z+]', '', 'g')";
    }

    private static String bool(String c) {
        return "CASE lower(trim(" + column(c) + ")) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true "
                + "WHEN 'y' THEN true WHEN 't' THEN true WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false "
                + "WHEN 'n' THEN false WHEN 'f' THEN false END";
    }

    private static String column(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
