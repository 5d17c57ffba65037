package io.profilesync.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.logging.LogContext;
import io.profilesync.splitting.StreamSummary;
import io.profilesync.splitting.DestinationSummary;

/** The embedded-metric-format lines, exactly as CloudWatch reads them. */
class MetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_767_225_600_000L;

    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics("splitter", true, lines::add, () -> NOW);

    @AfterEach
    void clearContext() {
        LogContext.clear();
    }

    @Test
    void theSplitEmitsOneRecordPerDestinationWithEveryCountOfItsSummary() throws Exception {
        LogContext.run("run-1");
        Map<String, DestinationSummary> destinations = new LinkedHashMap<>();
        destinations.put("insider", new DestinationSummary(5, 2, 3, 0, 1, 1, 0, 0, 0, 0, 1, Map.of("users", new StreamSummary(2, 1)), Map.of()));
        destinations.put("xtremepush", new DestinationSummary(5, 4, 1, 0, 4, 0, 0, 0, 0, 0, 1, Map.of(), Map.of()));

        metrics.destinationSummaries(JSON, destinations);

        assertEquals(2, lines.size(), String.join("\n", lines));
        JsonNode insider = JSON.readTree(lines.get(0));
        assertEquals(NOW, insider.at("/_aws/Timestamp").asLong());
        JsonNode directives = insider.at("/_aws/CloudWatchMetrics");
        assertEquals(1, directives.size());
        assertEquals("ProfileSync", directives.get(0).get("Namespace").asText());
        assertEquals(JSON.readTree("[[\"Function\",\"Destination\"]]"), directives.get(0).get("Dimensions"));
        assertEquals(JSON.readTree("""
                [{"Name":"Rows","Unit":"Count"},{"Name":"RowsAccepted","Unit":"Count"},
                 {"Name":"RowsRejected","Unit":"Count"},{"Name":"RowsSuperseded","Unit":"Count"},
                 {"Name":"RowsNew","Unit":"Count"},{"Name":"RowsChanged","Unit":"Count"},
                 {"Name":"RowsUnchanged","Unit":"Count"},{"Name":"RowsResent","Unit":"Count"},
                 {"Name":"RowsRemoved","Unit":"Count"},{"Name":"RowsSkipped","Unit":"Count"},
                 {"Name":"Batches","Unit":"Count"},{"Name":"RowsIdentifierChanged","Unit":"Count"}]"""),
                directives.get(0).get("Metrics"), "numbers only: streams is no metric");
        assertEquals("splitter", insider.get("Function").asText());
        assertEquals("insider", insider.get("Destination").asText());
        assertEquals(5, insider.get("Rows").asLong());
        assertEquals(2, insider.get("RowsAccepted").asLong());
        assertEquals(3, insider.get("RowsRejected").asLong());
        assertEquals(1, insider.get("Batches").asLong());
        assertEquals("run-1", insider.get("run_id").asText(), "the run id is a property, not a dimension");
        assertFalse(insider.has("streams"));
        assertEquals(4, JSON.readTree(lines.get(1)).get("RowsAccepted").asLong());
        assertEquals("xtremepush", JSON.readTree(lines.get(1)).get("Destination").asText());
    }

    /** A summary with a count added later (e.g. unchanged rows) emits it too, with no change here. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LaterSummary(long rows, long accepted, long rejected, long unchangedRows, int batches, String note) {
    }

    @Test
    void aCountAddedToTheSummaryLaterIsEmittedToo() throws Exception {
        metrics.destinationSummaries(JSON, Map.of("evergage", new LaterSummary(10, 9, 1, 4, 1, "not a number")));

        JsonNode line = JSON.readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        line.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(metric -> names.add(metric.get("Name").asText()));
        assertEquals(List.of("Rows", "RowsAccepted", "RowsRejected", "RowsUnchangedRows", "Batches"), names);
        assertEquals(4, line.get("RowsUnchangedRows").asLong());
        assertFalse(line.has("note"), "only numbers are metrics");
        assertFalse(line.has("run_id"), "no run in the context, no run id");
    }

    @Test
    void aMillisecondMetricKeepsItsFractionAndUnit() throws Exception {
        LogContext.batchMessage("""
                {"run_id":"r9","destination":"insider","stream":"users","batch":3,"key":"runs/r9/batches/insider/users-000003.json"}""");
        Metrics poster = new Metrics("poster", true, lines::add, () -> NOW);

        poster.emit(poster.destination("insider").count("UsersDelivered", 998).milliseconds("DestinationCallLatency", 1234.567));

        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals(JSON.readTree("""
                [{"Name":"UsersDelivered","Unit":"Count"},{"Name":"DestinationCallLatency","Unit":"Milliseconds"}]"""),
                line.at("/_aws/CloudWatchMetrics/0/Metrics"));
        assertEquals(1234.567, line.get("DestinationCallLatency").asDouble(), 1e-9);
        assertEquals("poster", line.get("Function").asText());
        assertEquals("r9", line.get("run_id").asText());
        assertEquals("users-000003", line.get("batch").asText());
        assertEquals(1, lines.get(0).lines().count(), "one line a record");
    }

    @Test
    void nothingIsWrittenWhenDisabledOrWithoutAMetric() {
        new Metrics("poster", false, lines::add, () -> NOW).count("insider", "Retries", 1);
        metrics.emit(metrics.destination("insider"));

        assertTrue(lines.isEmpty(), lines.toString());
    }

    @Test
    void aMetricCannotTakeADimensionsName() {
        MetricLine line = metrics.destination("insider");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> line.count("Destination", 1));
    }
}
