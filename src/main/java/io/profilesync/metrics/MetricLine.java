package io.profilesync.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One CloudWatch embedded-metric-format record: dimensions, metric values and plain properties, written as one
 * JSON line. CloudWatch Logs turns each metric of the record into a data point of namespace {@value #NAMESPACE}
 * with the record's dimensions; the properties (run id, batch) stay searchable in the log line. Built with
 * Jackson's tree model: no reflection, so the native image needs no registration.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">the specification</a>
 */
public final class MetricLine {

    public static final String NAMESPACE = "ProfileSync";
    public static final String COUNT = "Count";
    public static final String MILLISECONDS = "Milliseconds";

    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Number> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    public MetricLine dimension(String name, String value) {
        dimensions.put(name, value);
        return this;
    }

    public MetricLine count(String metric, long value) {
        return metric(metric, value, COUNT);
    }

    public MetricLine milliseconds(String metric, double value) {
        return metric(metric, value, MILLISECONDS);
    }

    private MetricLine metric(String name, Number value, String unit) {
        if (dimensions.containsKey(name) || properties.containsKey(name)) {
            throw new IllegalArgumentException(name + " is already a dimension or property of this record");
        }
        values.put(name, value);
        units.put(name, unit);
        return this;
    }

    /** A value that is no metric, kept in the line for searches (e.g. {@code run_id}); never replaces a metric. */
    public MetricLine property(String name, String value) {
        if (value != null && !values.containsKey(name) && !dimensions.containsKey(name)) {
            properties.put(name, value);
        }
        return this;
    }

    public boolean hasMetrics() {
        return !values.isEmpty();
    }

    /** The record as one line of JSON, stamped {@code timestampMillis} (epoch milliseconds). */
    public String toJson(long timestampMillis) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        values.keySet().forEach(name -> metrics.addObject().put("Name", name).put("Unit", units.get(name)));
        dimensions.forEach(root::put);
        values.forEach((name, value) -> {
            if (value instanceof Double number) {
                root.put(name, number);
            } else {
                root.put(name, value.longValue());
            }
        });
        properties.forEach(root::put);
        return root.toString();
    }
}
