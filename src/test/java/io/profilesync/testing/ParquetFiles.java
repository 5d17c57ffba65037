package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.StringJoiner;

import org.duckdb.DuckDBDriver;

/**
 * Parquet files written by DuckDB (a test-scope dependency), as a warehouse writes them: typed columns, a compression
 * codec, row groups of a given size. A writer other than the reader's library, so a test cannot pass by reading back
 * its own library's misreading.
 */
public final class ParquetFiles {

    private ParquetFiles() {
    }

    /** The bytes of the Parquet file {@code select} gives, in row groups of {@code rowGroupRows} rows. */
    public static byte[] of(String select, String codec, int rowGroupRows) {
        try {
            Path file = Files.createTempFile("profile-sync-", ".parquet");
            try {
                write(select, file, codec, rowGroupRows);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes of a Parquet file of {@code rows} rows of {@code columns} (a select list over the row number {@code i},
     * from 1), in row groups of {@code groupRows} rows. DuckDB fills a row group from its vectors of 2,048 rows, so a
     * smaller group needs a source of its own: each group is one part of a {@code UNION ALL}.
     */
    public static byte[] inRowGroups(String columns, int rows, int groupRows, String codec) {
        StringJoiner groups = new StringJoiner(" UNION ALL ");
        for (int from = 1; from <= rows; from += groupRows) {
            groups.add("SELECT " + columns + " FROM range(" + from + ", " + Math.min(rows + 1, from + groupRows) + ") t(i)");
        }
        return of(groups.toString(), codec, groupRows);
    }

    public static void write(String select, Path file, String codec, int rowGroupRows) {
        // the driver itself, not DriverManager: in a JVM that ran Quarkus tests first, DriverManager may have loaded the
        // driver under another class loader and refuse it to this one ("No suitable driver")
        try (Connection duckdb = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement statement = duckdb.createStatement()) {
            Files.deleteIfExists(file);
            statement.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION "
                    + codec + ", ROW_GROUP_SIZE " + rowGroupRows + ")");
        } catch (SQLException e) {
            throw new IllegalArgumentException("DuckDB could not write " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
