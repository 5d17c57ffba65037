package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.Hashes;
import io.profilesync.common.JsonWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link JsonWriter} writes the bytes Jackson's default generator writes (change detection fingerprints them): any
 * text as a field name and value, and any tree; and the hash it works out as it writes is the hash of those bytes.
 */
class JsonWriterProperties {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 2000)
    void textIsWrittenAsJacksonWritesIt(@ForAll("texts") String name, @ForAll("texts") String value) throws IOException {
        byte[] ours = JsonWriter.toBytes(json -> json.startObject().stringField(name, value).field("n").number(-7)
                .booleanField("b", true).field("a").startArray().string(value).string(null).endArray().endObject());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JACKSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(name, value);
            json.writeNumberField("n", -7);
            json.writeBooleanField("b", true);
            json.writeArrayFieldStart("a");
            json.writeString(value);
            json.writeString((String) null);
            json.writeEndArray();
            json.writeEndObject();
        }
        assertArrayEquals(out.toByteArray(), ours);
    }

    @Property(tries = 1000)
    void treesAreWrittenAsJacksonWritesThem(@ForAll("trees") JsonNode tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JACKSON.getFactory().createGenerator(out)) {
            writeWithJackson(json, tree);
        }
        assertArrayEquals(out.toByteArray(), JsonWriter.toBytes(tree));
    }

    @Property(tries = 1000)
    void whatIsWrittenIsHashedAsItsBytesAre(@ForAll("texts") String name, @ForAll("texts") String value,
            @ForAll("trees") JsonNode tree, @ForAll long seed) {
        JsonWriter.Writing writing = json -> json.startObject().stringField(name, value).field("tree").node(tree)
                .stringField(name, value).field("n").number(42).endObject();
        // the second time round, the writer has the names' bytes from the first
        for (int time = 0; time < 2; time++) {
            JsonWriter.Hashed hashed = JsonWriter.toHashed(seed, writing);
            assertArrayEquals(JsonWriter.toBytes(writing), hashed.bytes());
            assertEquals(Hashes.add(seed, hashed.bytes()), hashed.hash());
            OutboundItem item = OutboundItem.written(OutboundItem.USERS, 2, "key", value, writing);
            assertEquals(OutboundItem.fingerprint(value, hashed.bytes()), item.fingerprint());
            assertEquals(hashed.hash(), JsonWriter.hashOf(seed, writing));
            assertEquals(item.fingerprint(), OutboundItem.fingerprinted(OutboundItem.USERS, 2, "key", value, writing).fingerprint());
        }
    }

    /** How trees were written before {@link JsonWriter}: value by value through Jackson's generator. */
    private static void writeWithJackson(JsonGenerator json, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case STRING -> json.writeString(node.textValue());
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            case NULL -> json.writeNull();
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    json.writeNumber(node.longValue());
                } else if (node.isBigDecimal() || node.isBigInteger()) {
                    json.writeNumber(node.decimalValue());
                } else {
                    json.writeNumber(node.doubleValue());
                }
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : node) {
                    writeWithJackson(json, element);
                }
                json.writeEndArray();
            }
            default -> {
                json.writeStartObject();
                for (var it = node.fields(); it.hasNext();) {
                    var field = it.next();
                    json.writeFieldName(field.getKey());
                    writeWithJackson(json, field.getValue());
                }
                json.writeEndObject();
            }
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20),
                Arbitraries.strings().withChars('a', '"', '\\', '\n', '\u0001', '\u007f', 'é', '日', '\ud83d', '\ude00',
                        '\u2028').ofMaxLength(2000));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.recursive(this::scalars, this::containers, 0, 3);
    }

    private Arbitrary<JsonNode> containers(Arbitrary<JsonNode> inner) {
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(4).map(elements -> {
            ArrayNode node = NODES.arrayNode();
            node.addAll(elements);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.entries(texts(), inner).list().ofMaxSize(4).map(fields -> {
            ObjectNode node = NODES.objectNode();
            fields.forEach(field -> node.set(field.getKey(), field.getValue()));
            return node;
        });
        return Arbitraries.oneOf(array, object);
    }

    private Arbitrary<JsonNode> scalars() {
        Arbitrary<BigDecimal> decimals = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                .flatMap(unscaled -> Arbitraries.integers().between(-12, 12).map(scale -> new BigDecimal(unscaled, scale)));
        return Arbitraries.oneOf(List.of(
                texts().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300, 4.9e-324).map(NODES::numberNode),
                Arbitraries.floats().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)).map(NODES::numberNode),
                decimals.map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode())));
    }
}
