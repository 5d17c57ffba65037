package io.profilesync.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.profilesync.common.SpreadsheetCells;

/**
 * Reads one page of the User Export API: a JSON array of user records, or CSV with a header row (each record
 * becomes an array of its fields). Either is keyed by the export's id field (a CSV column of that name).
 */
final class ExportPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    /** A page's records and, for CSV, its header. */
    record Page(List<JsonNode> records, List<String> header) {

        boolean isEmpty() {
            return records.isEmpty();
        }
    }

    private ExportPages() {
    }

    static Page parse(String format, String text) throws IOException {
        if (text == null || text.isBlank()) {
            return new Page(List.of(), List.of());
        }
        if ("csv".equals(format)) {
            List<JsonNode> rows = new ArrayList<>();
            List<String> header = new ArrayList<>();
            try (var it = CSV.readerFor(String[].class).<String[]>readValues(text)) {
                while (it.hasNextValue()) {
                    String[] fields = it.nextValue();
                    if (header.isEmpty()) {
                        header.addAll(List.of(fields));
                    } else {
                        ArrayNode row = JsonNodeFactory.instance.arrayNode();
                        for (String field : fields) {
                            row.add(field);
                        }
                        rows.add(row);
                    }
                }
            }
            return new Page(rows, header);
        }
        JsonNode page = JSON.readTree(text);
        if (!page.isArray()) {
            throw new IOException("an export page must be a JSON array, got " + page.getNodeType());
        }
        List<JsonNode> records = new ArrayList<>(page.size());
        page.forEach(records::add);
        return new Page(records, List.of());
    }

    /** The user id a record is keyed by: its id field (a JSON record) or column (a CSV one); blank when it has none. */
    static String id(JsonNode record, String idField, int idColumn) {
        JsonNode id = record.isArray() ? record.path(idColumn) : record.path(idField);
        return id.isTextual() || id.isNumber() ? id.asText() : "";
    }

    /** One line of the export file, each cell neutralised: the file is for people, who open it in a spreadsheet. */
    static byte[] csvLine(List<String> fields) throws IOException {
        return CSV.writeValueAsBytes(fields.stream().map(SpreadsheetCells::neutralised).toArray(String[]::new));
    }
}
