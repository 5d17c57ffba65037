package io.profilesync.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.profilesync.batching.Batch;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingParser;
import io.profilesync.testing.BadInputCorpus;
import io.profilesync.testing.BadInputCorpus.Case;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.insider.InsiderDestination;
import io.profilesync.destination.xtremepush.XtremepushDestination;

/**
 * The bad-input corpus at the splitter core: file-level problems end in the run's errors with a readable
 * message (never an exception); row-level ones in the rejections, and the other rows still go through.
 */
class BadInputCorpusTest {

    static List<Case> fileLevel() {
        return BadInputCorpus.fileLevel();
    }

    static List<Case> rowLevel() {
        return BadInputCorpus.rowLevel();
    }

    static List<Case> hostile() {
        return BadInputCorpus.hostile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHostileFileStopsAtItsLimitWithNothingSent(Case hostile) {
        List<Batch> sent = new ArrayList<>();

        RunResult result = split(hostile, new ArrayList<>(), (destination, batch) -> sent.add(batch));

        assertEquals(1, result.errors().size(), hostile + ": " + result.errors());
        assertTrue(result.errors().get(0).message().contains(BadInputCorpus.LIMITS.maxRecordBytes() + " bytes")
                || result.errors().get(0).message().contains("profile-sync.input."), result.errors().get(0).message());
        assertEquals(0, result.rows(), "no row read whole");
        assertEquals(List.of(), sent);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileLevel")
    void aBrokenFileEndsWithAClearFileLevelError(Case broken) {
        RunResult result = split(broken, new ArrayList<>());

        assertEquals(1, result.errors().size(), broken + ": " + result.errors());
        assertTrue(result.errors().get(0).message().contains(broken.expected()), broken + ": " + result.errors().get(0).message());
        assertTrue(result.destinations().values().stream().allMatch(v -> v.rows() == v.accepted() + v.rejected()), "counts add up");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowLevel")
    void oneBadRowIsRejectedAndTheRestOfTheFileGoesThrough(Case broken) {
        List<Rejection> rejections = new ArrayList<>();

        RunResult result = split(broken, rejections);

        assertTrue(result.errors().isEmpty(), broken + ": " + result.errors());
        assertEquals(2, result.destinations().get("insider").accepted(), broken.name());
        assertTrue(rejections.stream().anyMatch(r -> r.rule().equals(broken.expected()) && r.line() == broken.line()),
                broken + ": " + rejections);
    }

    private static RunResult split(Case broken, List<Rejection> rejections) {
        return split(broken, rejections, (destination, batch) -> { });
    }

    private static RunResult split(Case broken, List<Rejection> rejections, BatchSink sink) {
        MappingDocument mapping = broken.mapping() == null ? MappingDocument.DEFAULT
                : MappingParser.parse(broken.mappingName(), BadInputCorpus.bytes(broken.mapping()));
        Splitter splitter = new Splitter(Map.of("insider", new InsiderDestination(), "xtremepush", new XtremepushDestination(),
                "evergage", new EvergageDestination()), (destination, documented) -> documented.capped(500, 5_000_000L),
                BadInputCorpus.LIMITS);
        return splitter.split(broken.fileName(), new ByteArrayInputStream(broken.content()), mapping, sink,
                rejections::add, rows -> { });
    }
}
