package io.profilesync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.profilesync.testing.ParquetFiles;

/**
 * The benchmark's CSV file as typed Parquet, as a warehouse would unload the same table: booleans BOOLEAN, the
 * birthday DATE, the age INTEGER, the rest text; SNAPPY pages in row groups of 122,880 rows (DuckDB's default).
 * Not a test: run it with {@code infra/bench/parquet-file}. Arguments: {@code CSV PARQUET}, or {@code --describe
 * PARQUET} to print a Parquet file's rows, row groups, codecs and size as its footer says (infra/bench/splitter-parquet).
 */
public final class ParquetBenchFile {

    private ParquetBenchFile() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--describe")) {
            describe(Path.of(args[1]));
            return;
        }
        String csv = Path.of(args[0]).toAbsolutePath().toString().replace("'", "''");
        ParquetFiles.write("SELECT * FROM read_csv('" + csv + "', header = true, types = {'user_id': 'VARCHAR',"
                + " 'phone': 'VARCHAR', 'email_optin': 'BOOLEAN', 'sms_optin': 'BOOLEAN', 'whatsapp_optin': 'BOOLEAN',"
                + " 'gdpr_optin': 'BOOLEAN', 'birthday': 'DATE', 'age': 'INTEGER'})", Path.of(args[1]), "snappy", 122_880);
    }

    private static void describe(Path parquet) throws Exception {
        String file = "'" + parquet.toAbsolutePath().toString().replace("'", "''") + "'";
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement();
                ResultSet layout = sql.executeQuery("SELECT (SELECT num_rows FROM parquet_file_metadata(" + file + ")),"
                        + " count(DISTINCT row_group_id), max(row_group_num_rows), string_agg(DISTINCT compression, ', '),"
                        + " count(DISTINCT path_in_schema) FROM parquet_metadata(" + file + ")")) {
            layout.next();
            System.out.printf("== Parquet file: %s, %,d rows, %d columns, %d row groups of up to %,d rows, %s pages, %.1f MB%n",
                    parquet, layout.getLong(1), layout.getInt(5), layout.getInt(2), layout.getLong(3), layout.getString(4),
                    Files.size(parquet) / 1e6);
        }
    }
}
