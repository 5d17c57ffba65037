package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.profilesync.mapping.MappingDocument;
import io.profilesync.splitting.Rejection;
import io.profilesync.splitting.RunResult;
import io.profilesync.splitting.Splitter;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any file, splitting with each destination on its own thread gives exactly what splitting on one thread
 * gives: the same batches for each destination, byte for byte and in order, the same rejected rows in the same
 * order, and the same counts.
 */
class ParallelSplitProperties {

    /** One generated row: which of its values are missing or broken. */
    record GeneratedRow(boolean hasId, boolean validEmail, boolean validOptIn, String city) {
    }

    @Property(tries = 60)
    void parallelLanesSplitExactlyAsOneThreadDoes(@ForAll("files") List<GeneratedRow> rows) {
        byte[] file = csv(rows);
        List<Rejection> sequentialRejections = new ArrayList<>();
        List<Rejection> parallelRejections = new ArrayList<>();
        Map<String, List<String>> sequentialBatches = new TreeMap<>();
        Map<String, List<String>> parallelBatches = new TreeMap<>();

        RunResult sequential = split(false, file, sequentialBatches, sequentialRejections);
        RunResult parallel = split(true, file, parallelBatches, parallelRejections);

        assertEquals(sequential, parallel);
        assertEquals(sequentialBatches, parallelBatches);
        assertEquals(sequentialRejections, parallelRejections);
    }

    @Provide
    Arbitrary<List<GeneratedRow>> files() {
        Arbitrary<Boolean> mostly = Arbitraries.integers().between(0, 9).map(n -> n > 0);
        return Combinators.combine(mostly, mostly, mostly, Arbitraries.of("Cork", "Rome", "", "Zürich"))
                .as(GeneratedRow::new).list().ofMaxSize(3_000);
    }

    private static RunResult split(boolean parallel, byte[] file, Map<String, List<String>> batches, List<Rejection> rejections) {
        Splitter splitter = new Splitter(Map.of("insider", new InsiderDestination(), "xtremepush", new XtremepushDestination(),
                "evergage", new EvergageDestination()), (destination, documented) -> documented.capped(97, 40_000L), parallel);
        return splitter.split("generated.csv", new ByteArrayInputStream(file), MappingDocument.DEFAULT,
                (destination, batch) -> batches.computeIfAbsent(destination + "/" + batch.stream(), key -> new ArrayList<>())
                        .add(batch.number() + ":" + new String(batch.body(), StandardCharsets.UTF_8)),
                rejections::add, count -> { });
    }

    private static byte[] csv(List<GeneratedRow> rows) {
        StringBuilder csv = new StringBuilder("user_id,email,email_optin,city,account_name\n");
        for (int i = 0; i < rows.size(); i++) {
            GeneratedRow row = rows.get(i);
            csv.append(row.hasId() ? "u" + i : "").append(',')
                    .append(row.validEmail() ? "u" + i + "@example.com" : "u" + i + "-at-example").append(',')
                    .append(row.validOptIn() ? "yes" : "maybe").append(',')
                    .append(row.city()).append(',')
                    .append("acct-").append(i % 7).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
