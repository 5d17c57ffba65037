package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.profilesync.testing.ParquetFiles;

/**
 * A struct, map or list-of-structs column is refused only when the mapping would use it: one the mapping ignores is
 * left out of the header and the rows, and its column chunks are never fetched.
 */
class ParquetIgnoredColumnsTest {

    /** A struct of about 4 MB between two small columns, uncompressed, in one row group. */
    private static final byte[] FILE = ParquetFiles.of("""
            SELECT 'u' || i AS user_id, {'a': md5(i::VARCHAR) || md5((i + 1)::VARCHAR), 'b': md5((-i)::VARCHAR) || md5(i::VARCHAR)} AS address,
                   MAP {'visits': i} AS extras, 'c' || i || '@example.com' AS email
            FROM range(1, 30001) t(i)
            """, "uncompressed", 100_000);

    @Test
    void ignoredNestedColumnsAreLeftOutAndTheirBytesAreNotFetched() throws IOException {
        List<long[]> fetched = new ArrayList<>();
        RangedFile file = RangedFile.of("users.parquet", () -> FILE.length, (start, end) -> {
            fetched.add(new long[] {start, end});
            return new ByteArrayInputStream(Arrays.copyOfRange(FILE, (int) start, (int) end));
        }, () -> new ByteArrayInputStream(FILE));

        List<List<String>> rows = new ArrayList<>();
        List<String> header;
        try (RowReader reader = RowReaders.open("users.parquet", List.of(file), CsvSettings.NONE,
                Set.of("address", "extras"), InputLimits.forThisHeap())) {
            header = reader.header().orElseThrow();
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(Arrays.asList(row.get().values()));
            }
        }

        assertEquals(List.of("user_id", "email"), header);
        assertEquals(30_000, rows.size());
        assertEquals(List.of("u1", "c1@example.com"), rows.get(0));
        long bytes = fetched.stream().mapToLong(range -> range[1] - range[0]).sum();
        assertTrue(FILE.length > 4_000_000, "the struct makes the file large: " + FILE.length);
        // each read asks for at least RangedInputFile.MIN_RANGE (1 MiB): the small columns' reads may run into the
        // struct's first bytes, never across its 4 MB
        assertTrue(bytes < 3L * RangedInputFile.MIN_RANGE, bytes + " bytes fetched of " + FILE.length + ": " + fetched.size()
                + " ranges");
    }

    @Test
    void aNestedColumnTheMappingUsesIsStillRefused() {
        RangedFile file = RangedFile.of("users.parquet", () -> FILE.length,
                (start, end) -> new ByteArrayInputStream(Arrays.copyOfRange(FILE, (int) start, (int) end)),
                () -> new ByteArrayInputStream(FILE));

        InputFormatException refused = assertThrows(InputFormatException.class, () -> RowReaders.open("users.parquet",
                List.of(file), CsvSettings.NONE, Set.of("address"), InputLimits.forThisHeap()).close());

        assertTrue(refused.getMessage().startsWith("users.parquet: column 'extras' is a map"), refused.getMessage());
    }
}
