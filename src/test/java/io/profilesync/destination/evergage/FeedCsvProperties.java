package io.profilesync.destination.evergage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.profilesync.destination.evergage.feed.FeedCsv;
import io.profilesync.destination.evergage.feed.FeedRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any stored Evergage users batch becomes a feed file that an RFC 4180 reader (Jackson's, and the in-process site's
 * strict one, which refuses a bare LF or CR) reads back to the same users and values, in UTF-8 without a byte order
 * mark, with the documented lengths kept: what the split checked is what the feed gets.
 */
class FeedCsvProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    /** Pieces of values: the characters CSV must quote, line ends of every kind, multi-byte and astral characters. */
    private static final Arbitrary<String> PIECE = Arbitraries.of(",", "\"", "\r\n", "\n", "\r", " ", "é", "日本", "😀", "a",
            "Z", "0", "-", "'", ";", "\t");
    private static final List<String> ATTRIBUTES = List.of("bio", "city", "emailAddress", "name", "tier");

    @Property(tries = 200)
    void aBatchReadsBackFromItsFeedFileUnchangedAndWithinTheLimits(@ForAll("batches") List<User> users) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();

        int written = FeedCsv.write(JSON.writeValueAsBytes(users), file);

        byte[] bytes = file.toByteArray();
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        assertTrue(!text.startsWith("\uFEFF") && text.endsWith("\r\n"), "no byte order mark, every record ends in CRLF");
        List<List<String>> expected = table(users);
        assertEquals(users.size(), written);
        assertEquals(expected, LocalEtlFeed.rfc4180(text), "the site's strict reader");
        List<List<String>> read = new ArrayList<>();
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(bytes)) {
            rows.forEachRemaining(row -> read.add(List.of(row)));
        }
        assertEquals(expected, read, "Jackson's RFC 4180 reader");
        List<String> header = read.get(0);
        for (List<String> row : read.subList(1, read.size())) {
            assertEquals(Optional.empty(), FeedRules.breach(null, true, row.get(0)).map(FeedRules.Breach::rule));
            for (int i = 1; i < header.size(); i++) {
                String attribute = header.get(i).substring(FeedRules.ATTRIBUTE.length());
                assertEquals(Optional.empty(), FeedRules.breach(attribute, false, row.get(i)).map(FeedRules.Breach::rule),
                        header.get(i));
            }
        }
    }

    /** The file the documentation asks for: userId, then the sorted attribute: columns, a blank for a missing value. */
    private static List<List<String>> table(List<User> users) {
        TreeSet<String> names = new TreeSet<>();
        users.forEach(user -> names.addAll(user.attributes().keySet()));
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(FeedRules.USER_ID));
        names.forEach(name -> header.add(FeedRules.ATTRIBUTE + name));
        table.add(header);
        for (User user : users) {
            List<String> row = new ArrayList<>(List.of(user.name()));
            names.forEach(name -> row.add(user.attributes().getOrDefault(name, "")));
            table.add(row);
        }
        return table;
    }

    @Provide
    Arbitrary<List<User>> batches() {
        // a user id of 4 to 30 pieces: at least 4 characters, at most 120 bytes (4 bytes a piece at most)
        Arbitrary<String> userId = PIECE.list().ofMinSize(4).ofMaxSize(30).map(pieces -> String.join("", pieces));
        Arbitrary<Map<String, String>> attributes = Arbitraries.subsetOf(ATTRIBUTES).flatMap(names -> {
            if (names.isEmpty()) {
                return Arbitraries.just(Map.<String, String>of());
            }
            Map<String, Arbitrary<String>> values = new LinkedHashMap<>();
            // name: 120 bytes at most; the others 1024 (250 pieces of at most 4 bytes), empty values included
            names.forEach(name -> values.put(name, PIECE.list().ofMaxSize(FeedRules.DISPLAY_NAME.equals(name) ? 30 : 250)
                    .map(pieces -> String.join("", pieces))));
            return Combinators.combine(new ArrayList<>(values.values())).as(list -> {
                Map<String, String> map = new LinkedHashMap<>();
                List<String> keys = new ArrayList<>(values.keySet());
                for (int i = 0; i < keys.size(); i++) {
                    map.put(keys.get(i), list.get(i));
                }
                return map;
            });
        });
        return Combinators.combine(userId, attributes).as(User::new).list().ofMinSize(1).ofMaxSize(15);
    }

    /** A user as a stored Evergage batch holds it. */
    record User(String name, Map<String, String> attributes) {
    }
}
