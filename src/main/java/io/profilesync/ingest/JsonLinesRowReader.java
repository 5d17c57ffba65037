package io.profilesync.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.Columns;

/**
 * JSON lines: one JSON object per line. A line that is not a JSON object is a broken row, and reading goes
 * on with the next line; scalar values become text, arrays and objects stay structured.
 */
final class JsonLinesRowReader implements RowReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private long line;
    private Columns columns;

    JsonLinesRowReader(Reader reader) {
        this(reader, 1);
    }

    /** @param firstLine the line the input starts on (a chunk of a file starts on a later one than 1) */
    JsonLinesRowReader(Reader reader, long firstLine) {
        this.reader = new BufferedReader(reader, 64 * 1024);
        this.line = firstLine - 1;
    }

    @Override
    public Optional<List<String>> header() {
        return Optional.empty();
    }

    @Override
    public Optional<SourceRow> next() {
        String text;
        do {
            text = readLine();
            if (text == null) {
                return Optional.empty();
            }
        } while (text.isBlank());
        return Optional.of(parse(text));
    }

    private String readLine() {
        try {
            String text = reader.readLine();
            if (text != null) {
                line++;
            }
            return text;
        } catch (IOException e) {
            long at = line + 1;
            throw new InputFormatException(at, "unreadable input at line " + at + ": " + e, e);
        }
    }

    private SourceRow parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return SourceRow.broken(line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return SourceRow.broken(line, "not a JSON object");
        }
        String[] names = new String[node.size()];
        String[] values = new String[names.length];
        Map<String, JsonNode> structured = new LinkedHashMap<>();
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); i++) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            names[i] = field.getKey();
            if (value.isContainerNode()) {
                structured.put(field.getKey(), value);
            } else if (!value.isNull()) {
                values[i] = value.asText();
            }
        }
        return new SourceRow(line, columns(names), values, structured, null);
    }

    /** The row's keys, as the previous row's instance when they are the same: lines often share their keys. */
    private Columns columns(String[] names) {
        if (columns == null || !columns.sameAs(names)) {
            columns = new Columns(List.of(names));
        }
        return columns;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
