package io.profilesync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.common.Columns;
import io.profilesync.common.Mask;

/**
 * JSON lines: one JSON object per line (LF, CRLF or a lone CR ends it), in strict UTF-8. A line that is not a JSON
 * object is a broken row, and reading goes on with the next line; scalar values become text, arrays and objects
 * stay structured. A line longer than {@link InputLimits#maxRecordBytes()} ends the file, found as it is read.
 */
final class JsonLinesRowReader implements RowReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final InputLimits limits;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int end;
    /** A CR ended the last line: an LF right after it belongs to that line's end. */
    private boolean afterCr;
    private byte[] lineBytes = new byte[256];
    private int lineLength;
    private long line;
    private Columns columns;

    JsonLinesRowReader(InputStream in, InputLimits limits) {
        this(in, 1, limits);
    }

    /** @param firstLine the line the input starts on (a chunk of a file starts on a later one than 1) */
    JsonLinesRowReader(InputStream in, long firstLine, InputLimits limits) {
        this.in = in;
        this.limits = limits;
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

    /** The next line without its line break, or null at the end of the input. */
    private String readLine() {
        long at = line + 1;
        try {
            lineLength = 0;
            boolean any = false;
            while (position < end || refill()) {
                if (afterCr && buffer[position] == '\n') {
                    position++;
                    afterCr = false;
                    continue;
                }
                afterCr = false;
                any = true;
                int from = position;
                while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
                    position++;
                }
                keep(from, position, at);
                if (position < end) {
                    afterCr = buffer[position++] == '\r';
                    break;
                }
            }
            if (!any) {
                return null;
            }
            line = at;
            return utf8.reset().decode(ByteBuffer.wrap(lineBytes, 0, lineLength)).toString();
        } catch (CharacterCodingException e) {
            throw new InputFormatException(at, "unreadable input at line " + at + ": the file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new InputFormatException(at, "unreadable input at line " + at + ": " + e.getMessage(), e);
        }
    }

    /** Adds {@code [from, to)} of the buffer to the line's bytes, within the limit of a line. */
    private void keep(int from, int to, long at) {
        int length = to - from;
        if (lineLength + (long) length > limits.maxRecordBytes()) {
            throw new InputFormatException(at, "unreadable input at line " + at + ": " + limits.recordTooLong());
        }
        if (lineLength + length > lineBytes.length) {
            lineBytes = Arrays.copyOf(lineBytes, Math.max(lineBytes.length * 2, lineLength + length));
        }
        System.arraycopy(buffer, from, lineBytes, lineLength, length);
        lineLength += length;
    }

    private boolean refill() throws IOException {
        int read = in.read(buffer, 0, BUFFER);
        position = 0;
        end = Math.max(read, 0);
        return read > 0;
    }

    private SourceRow parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return SourceRow.broken(line, "not valid JSON: " + Mask.parserMessage(e.getOriginalMessage()));
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
        return new SourceRow(line, columns(names), values, structured, null, null, text.length());
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
        in.close();
    }
}
