package io.profilesync.metrics;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.logging.LogContext;

/**
 * The functions' CloudWatch metrics, as embedded-metric-format lines on standard output (in AWS, Lambda sends
 * them to the function's log group and CloudWatch extracts the metrics; no API call, no permission). Every record
 * has the dimensions {@code Function} (the Funqy export: {@code splitter}, {@code poster}, ...) and
 * {@code Destination}, and carries the current run id and batch (from {@link LogContext}) as properties.
 * {@code profile-sync.metrics.enabled=false} turns them off.
 */
@ApplicationScoped
public class Metrics {

    public static final String FUNCTION = "Function";
    public static final String DESTINATION = "Destination";

    // the poster's and the guards' metric names (docs/observability.md, "Metrics")
    public static final String USERS_DELIVERED = "UsersDelivered";
    /** Users a destination deleted ({@code on_removed: delete}); their failures count in UsersFailed. */
    public static final String USERS_DELETED = "UsersDeleted";
    public static final String USERS_FAILED = "UsersFailed";
    public static final String USERS_UNCONFIRMED = "UsersUnconfirmed";
    public static final String DESTINATION_CALL_LATENCY = "DestinationCallLatency";
    public static final String HTTP_429 = "Http429";
    public static final String RETRIES = "Retries";
    public static final String BREAKER_OPENS = "BreakerOpens";
    public static final String BATCHES_DEAD_LETTERED = "BatchesDeadLettered";

    private final String function;
    private final boolean enabled;
    private final Consumer<String> out;
    private final LongSupplier clock;

    @Inject
    public Metrics(@ConfigProperty(name = "quarkus.funqy.export") String function,
            @ConfigProperty(name = "profile-sync.metrics.enabled", defaultValue = "true") boolean enabled) {
        this(function, enabled, System.out::println, System::currentTimeMillis);
    }

    /** @param out where each line goes (one call a line); @param clock epoch milliseconds */
    public Metrics(String function, boolean enabled, Consumer<String> out, LongSupplier clock) {
        this.function = function;
        this.enabled = enabled;
        this.out = out;
        this.clock = clock;
    }

    /** A record for one destination, to fill with metrics and {@link #emit}. */
    public MetricLine destination(String destination) {
        return new MetricLine().dimension(FUNCTION, function).dimension(DESTINATION, destination == null ? "unknown" : destination);
    }

    /** Writes the record (when it holds a metric), with the current run id and batch as properties. */
    public void emit(MetricLine line) {
        if (!enabled || !line.hasMetrics()) {
            return;
        }
        line.property(LogContext.RUN_ID, LogContext.get(LogContext.RUN_ID));
        line.property(LogContext.BATCH, LogContext.get(LogContext.BATCH));
        out.accept(line.toJson(clock.getAsLong()));
    }

    /** One occurrence (or {@code value}) of {@code metric} for a destination. */
    public void count(String destination, String metric, long value) {
        emit(destination(destination).count(metric, value));
    }

    /**
     * The split's counts per destination, one record a destination: every number at the top level of its summary (as JSON),
     * whatever the summary holds, so a count added to it later is emitted as well. {@code rows} becomes
     * {@code Rows}, {@code batches} {@code Batches}, and any other count {@code Rows<Count>}: {@code RowsAccepted},
     * {@code RowsRejected}, {@code RowsUnchanged}...
     */
    public void destinationSummaries(ObjectMapper json, Map<String, ?> summaries) {
        summaries.forEach((destination, summary) -> {
            MetricLine line = destination(destination);
            JsonNode tree = json.valueToTree(summary);
            for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isIntegralNumber()) {
                    line.count(summaryMetric(field.getKey()), field.getValue().longValue());
                }
            }
            emit(line);
        });
    }

    static String summaryMetric(String field) {
        return switch (field) {
            case "rows" -> "Rows";
            case "batches" -> "Batches";
            default -> "Rows" + camel(field);
        };
    }

    private static String camel(String snake) {
        StringBuilder name = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name.toString();
    }
}
