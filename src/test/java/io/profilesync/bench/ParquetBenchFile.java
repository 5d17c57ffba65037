package io.profilesync.bench;

import java.nio.file.Path;

import io.profilesync.testing.ParquetFiles;

/**
 * The benchmark's CSV file as typed Parquet, as a warehouse would unload the same table: booleans BOOLEAN, the
 * birthday DATE, the age INTEGER, the rest text; SNAPPY pages in row groups of 122,880 rows (DuckDB's default).
 * Not a test: run it with {@code infra/bench/parquet-file}. Arguments: {@code CSV PARQUET}.
 */
public final class ParquetBenchFile {

    private ParquetBenchFile() {
    }

    public static void main(String[] args) {
        String csv = Path.of(args[0]).toAbsolutePath().toString().replace("'", "''");
        ParquetFiles.write("SELECT * FROM read_csv('" + csv + "', header = true, types = {'user_id': 'VARCHAR',"
                + " 'phone': 'VARCHAR', 'email_optin': 'BOOLEAN', 'sms_optin': 'BOOLEAN', 'whatsapp_optin': 'BOOLEAN',"
                + " 'gdpr_optin': 'BOOLEAN', 'birthday': 'DATE', 'age': 'INTEGER'})", Path.of(args[1]), "snappy", 122_880);
    }
}
