package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

import io.profilesync.testing.ParquetFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generated tables of every Parquet type profile-sync reads, written by another library's writer (DuckDB's, as the
 * warehouses' Parquet is written by theirs) in small row groups with a generated codec, and read back through the
 * splitter's Parquet reader: each cell is the typed value {@link ParquetValues} documents (text as text, the rest
 * typed), NULL as no value, a list without its NULL elements, rows in file order across row groups.
 */
class ParquetTypesProperties {

    /** A column type: how DuckDB names it, and the values it holds with the SQL literal and the value read back. */
    record Type(String sql, Arbitrary<Cell> cells) {
    }

    /** One value: its SQL literal, and what the reader gives for it (a {@link String} for text, else the typed value). */
    record Cell(String literal, Object expected) {
    }

    record Table(List<Type> columns, List<List<Cell>> rows, int rowGroupRows, String codec) {
    }

    @Property(tries = 40)
    void everyTypedValueIsReadAsItsTypeSays(@ForAll("tables") Table table) throws IOException {
        Path file = Files.createTempFile("parquet-types-", ".parquet");
        try {
            ParquetFiles.write(select(table), file, table.codec(), table.rowGroupRows());
            try (RowReader reader = RowReaders.open(file.getFileName().toString(), List.of(RangedFile.of(file)),
                    CsvSettings.NONE, Set.of(), InputLimits.forThisHeap())) {
                List<String> names = new ArrayList<>();
                for (int c = 0; c < table.columns().size(); c++) {
                    names.add("c" + c);
                }
                assertEquals(Optional.of(names), reader.header());
                for (int r = 0; r < table.rows().size(); r++) {
                    SourceRow row = reader.next().orElseThrow(() -> new AssertionError("the file ended early"));
                    assertEquals(r + 1, row.line(), "rows are numbered from 1 across row groups");
                    Object[] read = new Object[names.size()];
                    Object[] expected = new Object[names.size()];
                    for (int c = 0; c < names.size(); c++) {
                        read[c] = row.values()[c] != null ? row.values()[c] : row.typed() == null ? null : row.typed()[c];
                        expected[c] = table.rows().get(r).get(c).expected();
                    }
                    assertArrayEquals(expected, read, "row " + (r + 1) + " of " + select(table));
                }
                assertEquals(Optional.empty(), reader.next(), "no row past the table's");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String select(Table table) {
        StringJoiner rows = new StringJoiner(", ");
        for (List<Cell> row : table.rows()) {
            StringJoiner values = new StringJoiner(", ", "(", ")");
            for (int c = 0; c < row.size(); c++) {
                values.add("CAST(" + row.get(c).literal() + " AS " + table.columns().get(c).sql() + ")");
            }
            rows.add(values.toString());
        }
        StringJoiner names = new StringJoiner(", ");
        for (int c = 0; c < table.columns().size(); c++) {
            names.add("c" + c);
        }
        return "SELECT * FROM (VALUES " + rows + ") t(" + names + ")";
    }

    @Provide
    Arbitrary<Table> tables() {
        Arbitrary<List<Type>> schemas = types().list().ofMinSize(1).ofMaxSize(6);
        return schemas.flatMap(columns -> {
            Arbitrary<List<Cell>> row = Combinators.combine(columns.stream().map(Type::cells).toList()).as(List::copyOf);
            return Combinators.combine(row.list().ofMinSize(1).ofMaxSize(25), Arbitraries.integers().between(1, 8),
                    Arbitraries.of("uncompressed", "snappy", "gzip", "zstd"))
                    .as((rows, groupRows, codec) -> new Table(columns, rows, groupRows, codec));
        });
    }

    private static Arbitrary<Type> types() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '\u024F').withChars('\n', '"', ',', '€', '中')
                .ofMaxLength(12);
        Arbitrary<Long> days = Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(),
                LocalDate.of(2200, 12, 31).toEpochDay());
        Arbitrary<Long> micros = Arbitraries.longs().between(-2_000_000_000_000_000L, 7_000_000_000_000_000L);
        return Arbitraries.of(List.of(
                type("VARCHAR", text, value -> "'" + value.replace("'", "''") + "'", value -> value),
                type("BOOLEAN", Arbitraries.of(true, false), String::valueOf, value -> value),
                type("SMALLINT", Arbitraries.shorts(), String::valueOf, value -> (long) value),
                type("INTEGER", Arbitraries.integers(), String::valueOf, value -> (long) value),
                type("BIGINT", Arbitraries.longs(), String::valueOf, value -> value),
                // unsigned 64-bit: past Long.MAX_VALUE a BigDecimal
                type("UBIGINT", Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE)),
                        String::valueOf, value -> value.bitLength() < 64 ? (Object) value.longValue() : new BigDecimal(value)),
                type("DOUBLE", Arbitraries.doubles().between(-1e15, 1e15), value -> "'" + value + "'", value -> value),
                type("FLOAT", Arbitraries.floats().between(-1e6f, 1e6f), value -> "'" + value + "'", value -> value),
                // DuckDB stores DECIMAL(4) in INT32, (18) in INT64 and (30) in a fixed-length byte array
                decimal(4, 2), decimal(18, 0), decimal(18, 6), decimal(30, 4),
                type("DATE", days, value -> "'" + LocalDate.ofEpochDay(value) + "'", LocalDate::ofEpochDay),
                // a local timestamp is read as UTC; both in microseconds, as DuckDB writes them
                type("TIMESTAMP", micros, value -> "'" + instant(value).toString().replace("T", " ").replace("Z", "") + "'",
                        ParquetTypesProperties::instant),
                type("TIMESTAMPTZ", micros, value -> "'" + instant(value).toString().replace("Z", "+00:00") + "'",
                        ParquetTypesProperties::instant),
                // a NULL element is left out (docs/parquet.md)
                type("VARCHAR[]", text.injectNull(0.2).list().ofMaxSize(4), ParquetTypesProperties::textList,
                        ParquetTypesProperties::withoutNulls),
                type("BIGINT[]", Arbitraries.longs().injectNull(0.2).list().ofMaxSize(4),
                        value -> value.toString().replace("null", "NULL"), ParquetTypesProperties::withoutNulls)));
    }

    private static Object withoutNulls(List<?> values) {
        return values.stream().filter(Objects::nonNull).toList();
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String textList(List<String> values) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        values.forEach(value -> list.add(value == null ? "NULL" : "'" + value.replace("'", "''") + "'"));
        return list.toString();
    }

    private static Type decimal(int precision, int scale) {
        BigInteger most = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        return type("DECIMAL(" + precision + ", " + scale + ")", Arbitraries.bigIntegers().between(most.negate(), most),
                value -> "'" + new BigDecimal(value, scale).toPlainString() + "'", value -> new BigDecimal(value, scale));
    }

    /** A type whose cells are its values, NULL about one in eight. */
    private static <T> Type type(String sql, Arbitrary<T> values, Function<T, String> literal, Function<T, Object> read) {
        Arbitrary<Cell> cells = values.map(value -> new Cell(literal.apply(value), read.apply(value)));
        return new Type(sql, Arbitraries.frequencyOf(Tuple.of(7, cells),
                Tuple.of(1, Arbitraries.just(new Cell("NULL", null)))));
    }
}
