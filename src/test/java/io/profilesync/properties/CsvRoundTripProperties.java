package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;

import io.profilesync.ingest.InputLimits;
import io.profilesync.ingest.RowReader;
import io.profilesync.ingest.RowReaders;
import io.profilesync.ingest.SourceRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any table written as CSV by a standard writer (Jackson's) reads back identically. */
class CsvRoundTripProperties {

    private static final CsvMapper CSV = new CsvMapper();

    @Property(tries = 300)
    void aTableWrittenAsCsvReadsBackIdentically(@ForAll("tables") List<List<String>> table) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (List<String> row : table) {
            csv.append(CSV.writeValueAsString(row.toArray(String[]::new)));
        }

        List<String> header = table.get(0);
        List<List<String>> read = new ArrayList<>();
        try (RowReader reader = RowReaders.open("table.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), InputLimits.forThisHeap())) {
            assertEquals(header, reader.header().orElseThrow());
            for (var row = reader.next(); row.isPresent(); row = reader.next()) {
                SourceRow sourceRow = row.get();
                read.add(header.stream().map(column -> sourceRow.get(column)).toList());
            }
        }
        assertEquals(table.subList(1, table.size()), read);
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> cell = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\r', 'é', '日', '"', ',')
                .ofMaxLength(12);
        return Arbitraries.integers().between(2, 6).flatMap(columns -> {
            Arbitrary<List<String>> header = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                    .list().ofSize(columns).uniqueElements();
            // a row whose cells are all empty is a blank line, which CSV readers skip: keep one cell non-empty
            Arbitrary<List<String>> row = cell.list().ofSize(columns).filter(cells -> cells.stream().anyMatch(c -> !c.isEmpty()));
            return Combinators.combine(header, row.list().ofMaxSize(20)).as((names, rows) -> {
                List<List<String>> table = new ArrayList<>();
                table.add(names);
                table.addAll(rows);
                return table;
            });
        });
    }
}
