package io.profilesync.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import io.profilesync.common.Columns;

/**
 * Parquet, read row group by row group: the footer first (two ranged reads at the file's end), then each row
 * group's column chunks, so memory holds one row group at a time, never the file. A Parquet set (the parts a
 * warehouse unloads, docs/parquet.md) is read as one file: its parts in order, its rows numbered on from one part
 * to the next, every part with the first one's columns. Rows are numbered from 1 where a text file numbers lines.
 * A chunk of a file ({@link #chunks}) is the row groups that start in its byte range. A column of a kind not read (a
 * struct, a map: {@link ParquetValues#refusal}) that the mapping ignores is left out: not in the header or the rows,
 * its column chunks never fetched; one the mapping would use refuses the file.
 */
final class ParquetRowReader implements RowReader {

    private final List<RangedFile> parts;
    private final Chunk chunk;
    private final Set<String> ignored;
    private final InputLimits limits;
    /** The first part's columns, which every part must have. */
    private List<String> fileColumns;
    private final List<String> header;
    private final Columns columns;
    private int part = -1;
    /** Where the current part starts in the set's bytes (the parts end to end). */
    private long partStart;
    private ParquetFileReader file;
    private ParquetValues values;
    /** The columns read: the file's, less the ignored ones not read. */
    private MessageType schema;
    private MessageType fileSchema;
    private int rowGroup;
    private RecordReader<Object[]> records;
    private long left;
    private long row;

    /**
     * @param chunk the row groups to read, or null for all of them
     * @param ignored the columns the mapping ignores
     */
    ParquetRowReader(List<RangedFile> parts, Chunk chunk, Set<String> ignored, InputLimits limits) {
        if (parts.isEmpty()) {
            throw new InputFormatException(0, "the Parquet set has no parts");
        }
        this.parts = List.copyOf(parts);
        this.chunk = chunk;
        this.ignored = Set.copyOf(ignored);
        this.limits = limits;
        this.row = chunk == null ? 0 : chunk.firstLine() - 1;
        nextPart();
        this.header = names(schema);
        this.columns = new Columns(header);
    }

    /**
     * The chunks of a Parquet set of about {@code targetBytes} (compressed) each, cut between row groups: each chunk's
     * range holds the start of each of its row groups, as offsets into the parts laid end to end.
     */
    static List<Chunk> chunks(List<RangedFile> parts, long targetBytes) {
        List<Chunk> chunks = new ArrayList<>();
        long base = 0;
        long rows = 0;
        long start = 0;
        long firstRow = 1;
        long bytes = 0;
        for (RangedFile part : parts) {
            try (ParquetFileReader reader = open(part)) {
                for (BlockMetaData group : reader.getRowGroups()) {
                    long at = base + group.getStartingPos();
                    if (bytes >= targetBytes) {
                        chunks.add(new Chunk(chunks.size(), start, at, firstRow));
                        start = at;
                        firstRow = rows + 1;
                        bytes = 0;
                    }
                    bytes += group.getCompressedSize();
                    rows += group.getRowCount();
                }
            } catch (IOException e) {
                throw unreadable(part, e);
            }
            base += part.length();
        }
        chunks.add(new Chunk(chunks.size(), start, base, firstRow));
        return chunks;
    }

    @Override
    public Optional<List<String>> header() {
        return Optional.of(header);
    }

    /** A typed value's {@link SourceRow#size}: a list's elements each count, a text element its characters. */
    static long size(Object typed) {
        long size = SourceRow.TYPED_VALUE_SIZE;
        if (typed instanceof List<?> list) {
            for (Object element : list) {
                size += element instanceof String text ? text.length() : SourceRow.TYPED_VALUE_SIZE;
            }
        }
        return size;
    }

    @Override
    public Optional<SourceRow> next() {
        try {
            while (left == 0) {
                if (!nextRowGroup()) {
                    return Optional.empty();
                }
            }
            Object[] read = records.read();
            left--;
            row++;
            String[] text = new String[read.length];
            long size = 0;
            for (int i = 0; i < read.length; i++) {
                if (read[i] instanceof String value) {
                    text[i] = value;
                    read[i] = null;
                    size += value.length();
                } else if (read[i] != null) {
                    size += size(read[i]);
                }
            }
            return Optional.of(new SourceRow(row, columns, text, Map.of(), null, read, size));
        } catch (ParquetDecodingException | IOException e) {
            throw new InputFormatException(row + 1, parts.get(part).name() + ": unreadable Parquet at row " + (row + 1)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Moves to the next row group of the chunk, through the parts; false at the end. */
    private boolean nextRowGroup() throws IOException {
        while (true) {
            List<BlockMetaData> groups = file.getRowGroups();
            for (; rowGroup < groups.size(); rowGroup++) {
                BlockMetaData group = groups.get(rowGroup);
                long at = partStart + group.getStartingPos();
                if (chunk == null || at >= chunk.start() && at < chunk.end()) {
                    checkSize(group);
                    PageReadStore pages = file.readRowGroup(rowGroup++);
                    records = new ColumnIOFactory().getColumnIO(schema, fileSchema).getRecordReader(pages, values);
                    left = pages.getRowCount();
                    return true;
                }
            }
            if (part + 1 == parts.size()) {
                return false;
            }
            partStart += parts.get(part).length();
            nextPart();
        }
    }

    /** A row group is held whole while it is read: one larger than the heap affords ends the file plainly. */
    private void checkSize(BlockMetaData group) {
        long most = limits.maxRecordBytes() * 4;
        long read = group.getColumns().stream().filter(column -> schema.containsPath(column.getPath().toArray()))
                .mapToLong(ColumnChunkMetaData::getTotalSize).sum();
        if (read > most) {
            throw new InputFormatException(row + 1, parts.get(part).name() + ": row group " + (rowGroup + 1) + " takes "
                    + read + " bytes, more than the " + most + " a row group may (four times "
                    + InputLimits.RECORD_BYTES_SETTING + "): write the file with smaller row groups, or give the"
                    + " function more memory");
        }
    }

    private void nextPart() {
        closeFile();
        part++;
        RangedFile next = parts.get(part);
        try {
            file = open(next);
        } catch (IOException e) {
            throw unreadable(next, e);
        }
        fileSchema = file.getFooter().getFileMetaData().getSchema();
        if (fileColumns == null) {
            fileColumns = names(fileSchema);
        } else if (!names(fileSchema).equals(fileColumns)) {
            throw new InputFormatException(row + 1, next.name() + ": its columns " + names(fileSchema) + " are not the"
                    + " columns " + fileColumns + " of " + parts.get(0).name() + ": every part of a Parquet set has the same");
        }
        schema = new MessageType(fileSchema.getName(), fileSchema.getFields().stream()
                .filter(column -> !ignored.contains(column.getName()) || ParquetValues.refusal(next.name(), column) == null)
                .toList());
        file.setRequestedSchema(schema);
        values = new ParquetValues(next.name(), schema);
        rowGroup = 0;
    }

    private static ParquetFileReader open(RangedFile part) throws IOException {
        try {
            return new ParquetFileReader(new RangedInputFile(part), ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withCodecFactory(new ParquetCodecs(part.name())).build());
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static InputFormatException unreadable(RangedFile part, IOException e) {
        return new InputFormatException(0, part.name() + ": not a readable Parquet file: " + e.getMessage(), e);
    }

    private static List<String> names(MessageType schema) {
        return schema.getFields().stream().map(Type::getName).toList();
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // a read-only file: nothing is lost when its close fails
            }
            file = null;
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
