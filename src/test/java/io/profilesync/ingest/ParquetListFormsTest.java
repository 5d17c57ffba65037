package io.profilesync.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.impl.ColumnWriteStoreV1;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * The list forms DuckDB does not write (ParquetTypesProperties covers its 3-level LISTs), as older writers (Hive,
 * parquet-avro's default, Spark's legacy format) and the Parquet format's backward-compatibility rules give them
 * (https://github.com/apache/parquet-format/blob/master/LogicalTypes.md#backward-compatibility-rules): the legacy
 * 2-level LIST and a repeated column, beside a 3-level LIST. A null list is no value, an empty one an empty list, a null
 * element left out. The rows are written to pages in memory by parquet-column's own writer and read by
 * {@link ParquetValues} as {@link ParquetRowReader} reads a row group.
 */
class ParquetListFormsTest {

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message m {
              optional group legacy (LIST) { repeated binary element (STRING); }
              repeated int64 repeated_values;
              optional group modern (LIST) { repeated group list { optional binary element (STRING); } }
            }""");

    @Test
    void nullEmptyAndFilledListsOfEachFormAreReadAsRecordAssemblyReadsThem() {
        Pages pages = new Pages();
        ColumnWriteStoreV1 columns = new ColumnWriteStoreV1(SCHEMA, pages,
                ParquetProperties.builder().withDictionaryEncoding(false).build());
        RecordConsumer rows = new ColumnIOFactory().getColumnIO(SCHEMA).getRecordWriter(columns);
        rows.startMessage();
        rows.endMessage();
        rows.startMessage();
        list(rows, "legacy", 0, () -> { });
        list(rows, "modern", 2, () -> { });
        rows.endMessage();
        rows.startMessage();
        list(rows, "legacy", 0, () -> field(rows, "element", 0, () -> {
            rows.addBinary(Binary.fromString("a"));
            rows.addBinary(Binary.fromString("b"));
        }));
        field(rows, "repeated_values", 1, () -> {
            rows.addLong(1);
            rows.addLong(2);
        });
        list(rows, "modern", 2, () -> field(rows, "list", 0, () -> {
            rows.startGroup();
            rows.endGroup();
            rows.startGroup();
            field(rows, "element", 0, () -> rows.addBinary(Binary.fromString("c")));
            rows.endGroup();
        }));
        rows.endMessage();
        columns.flush();

        RecordReader<Object[]> records = new ColumnIOFactory().getColumnIO(SCHEMA)
                .getRecordReader(pages, new ParquetValues("lists.parquet", SCHEMA));
        assertArrayEquals(new Object[] {null, null, null}, records.read().clone());
        assertArrayEquals(new Object[] {List.of(), null, List.of()}, records.read().clone());
        assertArrayEquals(new Object[] {List.of("a", "b"), List.of(1L, 2L), List.of("c")}, records.read().clone());
    }

    @Test
    void aTypedValueCountsSixteenAndAListEachElementTextByItsCharacters() {
        assertEquals(16, ParquetRowReader.size(42L));
        assertEquals(16, ParquetRowReader.size(List.of()));
        assertEquals(16 + 3 + 16, ParquetRowReader.size(List.of("abc", 1L)));
    }

    private static void list(RecordConsumer rows, String name, int index, Runnable elements) {
        field(rows, name, index, () -> {
            rows.startGroup();
            elements.run();
            rows.endGroup();
        });
    }

    private static void field(RecordConsumer rows, String name, int index, Runnable values) {
        rows.startField(name, index);
        values.run();
        rows.endField(name, index);
    }

    /** Each column's pages, kept in memory as written. */
    private static final class Pages implements PageWriteStore, PageReadStore {
        private final Map<ColumnDescriptor, List<DataPage>> written = new HashMap<>();

        @Override
        public PageWriter getPageWriter(ColumnDescriptor column) {
            List<DataPage> pages = written.computeIfAbsent(column, unused -> new ArrayList<>());
            return new PageWriter() {
                @Override
                public void writePage(BytesInput bytes, int valueCount, Statistics<?> statistics, Encoding levels,
                        Encoding definitions, Encoding values) throws IOException {
                    writePage(bytes, valueCount, valueCount, statistics, levels, definitions, values);
                }

                @Override
                public void writePage(BytesInput bytes, int valueCount, int rowCount, Statistics<?> statistics,
                        Encoding levels, Encoding definitions, Encoding values) throws IOException {
                    writePage(bytes, valueCount, rowCount, statistics, null, levels, definitions, values);
                }

                @Override
                public void writePage(BytesInput bytes, int valueCount, int rowCount, Statistics<?> statistics,
                        SizeStatistics sizes, Encoding levels, Encoding definitions, Encoding values) throws IOException {
                    pages.add(new DataPageV1(BytesInput.copy(bytes), valueCount, (int) bytes.size(), statistics, levels,
                            definitions, values));
                }

                @Override
                public void writePageV2(int rowCount, int nullCount, int valueCount, BytesInput repetitionLevels,
                        BytesInput definitionLevels, Encoding dataEncoding, BytesInput data, Statistics<?> statistics) {
                    throw new UnsupportedOperationException("the V1 writer writes V1 pages");
                }

                @Override
                public long getMemSize() {
                    return 0;
                }

                @Override
                public long allocatedSize() {
                    return 0;
                }

                @Override
                public void writeDictionaryPage(DictionaryPage page) {
                    throw new UnsupportedOperationException("written without dictionaries");
                }

                @Override
                public String memUsageString(String prefix) {
                    return prefix;
                }
            };
        }

        @Override
        public PageReader getPageReader(ColumnDescriptor column) {
            List<DataPage> pages = new ArrayList<>(written.get(column));
            return new PageReader() {
                @Override
                public DictionaryPage readDictionaryPage() {
                    return null;
                }

                @Override
                public long getTotalValueCount() {
                    return pages.stream().mapToLong(DataPage::getValueCount).sum();
                }

                @Override
                public DataPage readPage() {
                    return pages.isEmpty() ? null : pages.remove(0);
                }
            };
        }

        @Override
        public long getRowCount() {
            return 3;
        }

        @Override
        public void close() {
        }
    }
}
