package io.profilesync.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes JSON trees straight to a generator. Splitting serializes every user once per vendor, and going
 * through databind for each small tree costs more than the writing itself.
 */
public final class JsonTrees {

    /** Root values written one after the other with nothing between them: each is cut out on its own. */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    /** One generator per thread, reused for every item: creating one per item cost as much as the writing. */
    private static final ThreadLocal<ReusableGenerator> GENERATORS = ThreadLocal.withInitial(ReusableGenerator::new);

    private JsonTrees() {
    }

    /** Something written with a generator, e.g. one JSON value. */
    @FunctionalInterface
    public interface Writing {
        void writeTo(JsonGenerator json) throws IOException;
    }

    public static byte[] toBytes(JsonNode node) {
        return toBytes(json -> write(json, node));
    }

    /** What {@code writing} writes, as UTF-8 bytes. */
    public static byte[] toBytes(Writing writing) {
        ReusableGenerator generator = GENERATORS.get();
        try {
            return generator.bytes(writing);
        } catch (IOException | RuntimeException e) {
            GENERATORS.remove();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
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

    private static final class ReusableGenerator {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        private final JsonGenerator json;

        ReusableGenerator() {
            try {
                json = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes(Writing writing) throws IOException {
            out.reset();
            writing.writeTo(json);
            json.flush();
            return out.toByteArray();
        }
    }
}
