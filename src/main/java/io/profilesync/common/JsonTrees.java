package io.profilesync.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes JSON trees straight to a generator. Splitting serializes every user once per vendor, and going
 * through databind for each small tree costs more than the writing itself.
 */
public final class JsonTrees {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTrees() {
    }

    public static byte[] toBytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void write(JsonGenerator json, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case STRING -> json.writeString(node.textValue());
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            case NULL, MISSING -> json.writeNull();
            case NUMBER -> writeNumber(json, node);
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : node) {
                    write(json, element);
                }
                json.writeEndArray();
            }
            case OBJECT -> {
                json.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    json.writeFieldName(field.getKey());
                    write(json, field.getValue());
                }
                json.writeEndObject();
            }
            default -> json.writeString(node.asText());
        }
    }

    private static void writeNumber(JsonGenerator json, JsonNode node) throws IOException {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            json.writeNumber(node.longValue());
        } else if (node.isBigDecimal() || node.isBigInteger()) {
            json.writeNumber(node.decimalValue());
        } else {
            json.writeNumber(node.doubleValue());
        }
    }
}
