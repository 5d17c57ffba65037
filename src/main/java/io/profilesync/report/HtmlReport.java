package io.profilesync.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.FormerNames;
import io.profilesync.story.StoryText;

/**
 * The run report for people: one self-contained HTML page ({@code runs/<run_id>/report.html}) with inline CSS and
 * inline SVG, nothing fetched from the network (its Content-Security-Policy forbids it). A pure function of the
 * run report ({@code report.json}), the rejections and failures grouped with a few examples each, and the destination
 * call timings; every value taken from them is HTML-escaped.
 */
public final class HtmlReport {

    /** One example line of a group: its source line and its (already masked) message. */
    public record Example(long line, String text) {
    }

    /** Rejected rows that broke one rule of one field for one destination. */
    public record RejectionGroup(String destination, String field, String rule, long count, List<Example> examples) {
    }

    /** Users a destination did not take, for one reason. */
    public record FailureGroup(String destination, String reason, long count, List<Example> examples) {
    }

    /** One destination's call latencies, from its batches' outcomes ({@code call_micros}). */
    public record Latency(int calls, long medianMicros, long p90Micros, long maxMicros) {

        /** The latencies of these calls (microseconds); empty when there were none. */
        public static Optional<Latency> of(List<Long> micros) {
            if (micros.isEmpty()) {
                return Optional.empty();
            }
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = sorted.length;
            long median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            long p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
            return Optional.of(new Latency(n, median, p90, sorted[n - 1]));
        }
    }

    /**
     * @param latencies per destination, the latency of its calls (destinations without a recorded call are absent)
     * @param lastOutcomeAt when the last batch outcome was recorded (ISO-8601), null when none was
     */
    public record Timings(Map<String, Latency> latencies, String lastOutcomeAt) {
    }

    /** Rejections the report could not group by rule: beyond {@link Groups#MAX_GROUPS} distinct rules. */
    static final RejectionGroup OTHER_RULES = new RejectionGroup("*", "*", "(other rules)", 0, List.of());
    /** Failures beyond {@link Groups#MAX_GROUPS} distinct reasons. */
    static final FailureGroup OTHER_REASONS = new FailureGroup("*", "(other reasons)", 0, List.of());

    static final String DELIVERED = "#2e7d32";
    static final String FAILED = "#c62828";
    static final String UNCONFIRMED = "#f9a825";
    static final String UNCHANGED = "#90a4ae";
    /** Left out: a newer run of the sync holds these users. */
    static final String STALE = "#6d4c41";
    static final String WAITING = "#e0e0e0";
    static final String ACCEPTED = "#1565c0";
    static final String REJECTED = "#ef6c00";
    static final String SUPERSEDED = "#8e24aa";
    static final String NEW = "#42a5f5";
    static final String CHANGED = "#0d47a1";
    static final String RESENT = "#80deea";

    private static final int BAR_X = 120;
    private static final int BAR_WIDTH = 520;
    private static final int ROW_HEIGHT = 58;

    private HtmlReport() {
    }

    public static String render(JsonNode report, List<RejectionGroup> rejections, List<FailureGroup> failures,
            Timings timings) {
        StringBuilder html = new StringBuilder(16_384);
        String runId = report.path("run_id").asText();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>profile-sync run ").append(esc(runId)).append("</title>\n<style>").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        header(html, report);
        destinations(html, report);
        rejections(html, report, rejections);
        failures(html, report, failures);
        timings(html, report, timings);
        html.append("<footer>profile-sync · report.json has every count; rejected-rows.jsonl and failed-rows.jsonl every row</footer>\n");
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, JsonNode report) {
        String status = report.path("status").asText();
        // a held run split whole: only its delivery waits (docs/sync.md, "Guards")
        boolean succeeded = "succeeded".equals(status) || report.has("hold");
        boolean complete = report.path("complete").asBoolean();
        boolean dryRun = report.path("dry_run").asBoolean();
        html.append("<header>\n<h1>Run <code>").append(esc(report.path("run_id").asText())).append("</code></h1>\n");
        html.append("<p class=\"badges\"><span class=\"badge ").append(succeeded ? "ok" : "bad").append("\" id=\"status\">")
                .append(succeeded ? "split succeeded" : "split failed").append("</span> <span class=\"badge ")
                .append(complete ? "ok" : "warn").append("\" id=\"delivery\">")
                .append(complete ? "delivery complete" : "delivery incomplete").append("</span>");
        JsonNode hold = report.path("hold");
        if (hold.isObject()) {
            String badge = switch (status) {
                case "held" -> "<span class=\"badge warn\" id=\"hold\">held, nothing sent: ";
                case "superseded" -> "<span class=\"badge bad\" id=\"hold\">superseded by run "
                        + esc(hold.path("superseded_by").asText()) + ", never sent: ";
                default -> "<span class=\"badge info\" id=\"hold\">released after a hold: ";
            };
            html.append(" ").append(badge).append(esc(hold.at("/guard/message").asText())).append("</span>");
        }
        if (failedUsers(report) > 0) {
            html.append(" <span class=\"badge bad\">").append(fmt(failedUsers(report))).append(" users failed</span>");
        }
        if (dryRun) {
            html.append(" <span class=\"badge info\">dry run: nothing was posted</span>");
        }
        if (report.path("full_resync").asBoolean()) {
            html.append(" <span class=\"badge info\">full resync</span>");
        }
        html.append("</p>\n<dl class=\"facts\">\n");
        JsonNode source = report.path("source");
        fact(html, "source", source.isObject() ? "s3://" + source.path("bucket").asText() + "/" + source.path("key").asText()
                : source.asText());
        fact(html, "sync", report.path("sync").asText("-"));
        fact(html, "mapping", report.path("mapping").asText("-"));
        if (report.hasNonNull("dialect")) {
            fact(html, "read as", report.path("dialect").asText());
        }
        fact(html, "rows read", fmt(report.path("rows").asLong()));
        fact(html, "dry run", dryRun ? "yes" : "no");
        fact(html, "full resync", report.path("full_resync").asBoolean() ? "yes" : "no");
        fact(html, "started", report.path("started_at").asText("-"));
        fact(html, "split finished", report.path("finished_at").asText("-"));
        fact(html, "split took", duration(report.path("started_at").asText(null), report.path("finished_at").asText(null)));
        if (report.path("insider_error_callbacks").asLong() > 0) {
            fact(html, "Insider error callbacks", fmt(report.path("insider_error_callbacks").asLong()));
        }
        html.append("</dl>\n");
        JsonNode errors = report.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            html.append("<ul class=\"errors\">\n");
            for (JsonNode error : errors) {
                html.append("<li>").append(error.path("line").asLong() > 0 ? "line " + error.path("line").asLong() + ": " : "")
                        .append(esc(error.path("message").asText())).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</header>\n");
    }

    private static long failedUsers(JsonNode report) {
        long failed = 0;
        for (JsonNode counts : FormerNames.field(report, "destinations")) {
            failed += counts.path("failed").asLong();
        }
        return failed;
    }

    private static void destinations(StringBuilder html, JsonNode report) {
        html.append("<section id=\"destinations\">\n<h2>Destinations</h2>\n");
        boolean dryRun = report.path("dry_run").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = FormerNames.field(report, "destinations").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String destination = entry.getKey();
            JsonNode c = entry.getValue();
            boolean complete = c.path("complete").asBoolean(dryRun);
            html.append("<article class=\"destination\" data-destination=\"").append(esc(destination)).append("\">\n<h3>")
                    .append(esc(destination)).append(" <span class=\"badge ").append(complete ? "ok" : "warn").append("\">")
                    .append(complete ? "complete" : "incomplete").append("</span></h3>\n");
            html.append(funnel(destination, c, dryRun));
            html.append("<p class=\"small\">batches ").append(fmt(c.path("batches").asLong()));
            small(html, c, "batches_recorded", "outcomes recorded");
            small(html, c, "pending_batches", "pending");
            small(html, c, "submitted_batches", "submitted files not processed yet");
            small(html, c, "held_batches", "held (configuration error)");
            small(html, c, "splits", "split after a refusal");
            small(html, c, "reposted_users", "users reposted");
            small(html, c, "other_items_delivered", "other items delivered");
            small(html, c, "other_items_failed", "other items failed");
            html.append("</p>\n</article>\n");
        }
        html.append("</section>\n");
    }

    private static void small(StringBuilder html, JsonNode counts, String field, String label) {
        if (counts.path(field).asLong() > 0) {
            html.append(" · ").append(esc(label)).append(' ').append(fmt(counts.path(field).asLong()));
        }
    }

    /** Three bars on one scale: rows -> accepted (new, changed, unchanged) -> what the destination made of them. */
    static String funnel(String destination, JsonNode c, boolean dryRun) {
        long rows = c.path("rows").asLong();
        long accepted = c.path("accepted").asLong();
        long unchanged = c.path("unchanged").asLong();
        long skipped = c.path("skipped").asLong();
        long delivered = c.path("delivered").asLong();
        long failed = c.path("failed").asLong();
        long unconfirmed = c.path("unconfirmed").asLong();
        long stale = c.path("stale").asLong();
        long scale = Math.max(1, Math.max(rows, accepted + c.path("rejected").asLong() + c.path("superseded").asLong()));
        List<Segment> outcome = new ArrayList<>();
        if (dryRun) {
            outcome.add(new Segment("would be sent", accepted - unchanged - skipped, WAITING));
            outcome.add(new Segment("unchanged", unchanged, UNCHANGED));
            outcome.add(new Segment("skipped", skipped, SUPERSEDED));
        } else {
            outcome.add(new Segment("delivered", delivered, DELIVERED));
            outcome.add(new Segment("failed", failed, FAILED));
            outcome.add(new Segment("unconfirmed", unconfirmed, UNCONFIRMED));
            outcome.add(new Segment("stale", stale, STALE));
            outcome.add(new Segment("unchanged", unchanged, UNCHANGED));
            outcome.add(new Segment("skipped", skipped, SUPERSEDED));
            long waiting = accepted - delivered - failed - unconfirmed - stale - unchanged - skipped;
            if (waiting > 0) {
                outcome.add(new Segment("no outcome yet", waiting, WAITING));
            }
        }
        List<Row> bars = List.of(
                new Row("rows", rows, List.of(new Segment("accepted", accepted, ACCEPTED),
                        new Segment("superseded", c.path("superseded").asLong(), SUPERSEDED),
                        new Segment("rejected", c.path("rejected").asLong(), REJECTED))),
                new Row("accepted", accepted, List.of(new Segment("new", c.path("new").asLong(), NEW),
                        new Segment("changed", c.path("changed").asLong(), CHANGED),
                        new Segment("resent", c.path("resent").asLong(), RESENT),
                        new Segment("unchanged", unchanged, UNCHANGED),
                        new Segment("skipped", skipped, SUPERSEDED))),
                new Row(dryRun ? "dry run" : "outcome", accepted, outcome));
        int height = bars.size() * ROW_HEIGHT - 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"funnel\" role=\"img\" viewBox=\"0 0 680 ").append(height).append("\" width=\"680\" height=\"")
                .append(height).append("\" aria-label=\"").append(esc(destination)).append(": rows, accepted and outcome\">\n");
        int y = 4;
        for (Row row : bars) {
            svg.append("<text x=\"0\" y=\"").append(y + 17).append("\" class=\"label\">").append(esc(row.label)).append(' ')
                    .append(fmt(row.total)).append("</text>\n");
            double x = BAR_X;
            svg.append("<rect x=\"").append(BAR_X).append("\" y=\"").append(y).append("\" width=\"").append(BAR_WIDTH)
                    .append("\" height=\"24\" fill=\"#f5f5f5\"/>\n");
            for (Segment segment : row.segments) {
                if (segment.count <= 0) {
                    continue;
                }
                double width = Math.max(3, (double) segment.count * BAR_WIDTH / scale);
                svg.append("<rect x=\"").append(px(x)).append("\" y=\"").append(y).append("\" width=\"").append(px(width))
                        .append("\" height=\"24\" fill=\"").append(segment.color).append("\"><title>").append(esc(segment.label))
                        .append(' ').append(fmt(segment.count)).append("</title></rect>\n");
                x += width;
            }
            svg.append("<text x=\"").append(BAR_X).append("\" y=\"").append(y + 42).append("\" class=\"legend\">");
            boolean first = true;
            for (Segment segment : row.segments) {
                if (segment.count <= 0 && !segment.always()) {
                    continue;
                }
                svg.append("<tspan").append(first ? "" : " dx=\"16\"").append(" fill=\"").append(segment.color)
                        .append("\">■</tspan><tspan class=\"count\"> ").append(esc(segment.label)).append(' ')
                        .append(fmt(segment.count)).append("</tspan>");
                first = false;
            }
            svg.append("</text>\n");
            y += ROW_HEIGHT;
        }
        return svg.append("</svg>\n").toString();
    }

    private record Row(String label, long total, List<Segment> segments) {
    }

    private record Segment(String label, long count, String color) {
        /** Shown with its count even at zero: the numbers a reader checks add up. */
        boolean always() {
            return List.of("accepted", "rejected", "delivered", "failed", "unconfirmed", "unchanged", "new", "changed")
                    .contains(label);
        }
    }

    private static void rejections(StringBuilder html, JsonNode report, List<RejectionGroup> groups) {
        html.append("<section id=\"rejections\">\n<h2>Rejected rows, by rule</h2>\n");
        if (groups.isEmpty()) {
            html.append("<p class=\"none\">No row was rejected.</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>destination</th><th>field</th><th>rule</th><th class=\"num\">rows</th>")
                .append("<th>examples (line: message)</th></tr></thead>\n<tbody>\n");
        for (RejectionGroup group : groups) {
            html.append("<tr><td>").append(esc(group.destination())).append("</td><td>").append(esc(group.field()))
                    .append("</td><td><code>").append(esc(group.rule())).append("</code></td><td class=\"num\">")
                    .append(fmt(group.count())).append("</td><td>");
            examples(html, group.examples());
            story(html, report, group.destination(), group.examples());
            html.append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"small\">Every rejection: <code>")
                .append(esc(report.path("rejected_rows").asText())).append("</code></p>\n").append(STORY_HINT);
        html.append("</section>\n");
    }

    private static void failures(StringBuilder html, JsonNode report, List<FailureGroup> groups) {
        html.append("<section id=\"failures\">\n<h2>Failed users, by reason</h2>\n");
        if (groups.isEmpty()) {
            html.append("<p class=\"none\">").append(report.path("dry_run").asBoolean() ? "Dry run: nothing was posted."
                    : "No user failed.").append("</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>destination</th><th>reason</th><th class=\"num\">users</th>")
                .append("<th>examples (line: batch)</th></tr></thead>\n<tbody>\n");
        for (FailureGroup group : groups) {
            html.append("<tr><td>").append(esc(group.destination())).append("</td><td>").append(esc(group.reason()))
                    .append("</td><td class=\"num\">").append(fmt(group.count())).append("</td><td>");
            examples(html, group.examples());
            story(html, report, group.destination(), group.examples());
            html.append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"small\">Every failed user: <code>")
                .append(esc(report.path("failed_rows").asText())).append("</code></p>\n").append(STORY_HINT);
        html.append("</section>\n");
    }

    /**
     * How to read the story of a line's user (every run, decision, payload and answer): the command, filled in for the
     * group's first example line. The page names no user key (it holds no personal value), so the command finds the
     * user by run and line (docs/tracing-one-user.md).
     */
    private static final String STORY_HINT = "<p class=\"small\">A line's user, run by run: the command under its examples"
            + " (another line: change <code>--line</code>; add <code>--bucket</code> and the working bucket for a deployment,"
            + " <code>--state DIR</code> locally).</p>\n";

    private static void story(StringBuilder html, JsonNode report, String destination, List<Example> examples) {
        if (examples.isEmpty() || report.path("dry_run").asBoolean()) {
            return;
        }
        html.append("<div class=\"small story\">this user, run by run: <code>")
                .append(esc(StoryText.command(destination, report.path("sync").asText("default"), report.path("run_id").asText(),
                        String.valueOf(examples.get(0).line()))))
                .append("</code></div>");
    }

    private static void examples(StringBuilder html, List<Example> examples) {
        html.append("<ul class=\"examples\">");
        for (Example example : examples) {
            html.append("<li><span class=\"line\">line ").append(example.line()).append("</span>: ")
                    .append(esc(example.text())).append("</li>");
        }
        html.append("</ul>");
    }

    private static void timings(StringBuilder html, JsonNode report, Timings timings) {
        html.append("<section id=\"timings\">\n<h2>Timings</h2>\n<dl class=\"facts\">\n");
        String started = report.path("started_at").asText(null);
        fact(html, "split", duration(started, report.path("finished_at").asText(null)));
        if (timings.lastOutcomeAt() != null) {
            fact(html, "last outcome recorded", timings.lastOutcomeAt());
            fact(html, "start to last outcome", duration(started, timings.lastOutcomeAt()));
        }
        html.append("</dl>\n");
        if (timings.latencies().isEmpty()) {
            html.append("<p class=\"none\">No destination call was recorded.</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>destination</th><th class=\"num\">calls</th><th class=\"num\">median</th>")
                .append("<th class=\"num\">p90</th><th class=\"num\">max</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Latency> entry : timings.latencies().entrySet()) {
            Latency latency = entry.getValue();
            html.append("<tr><td>").append(esc(entry.getKey())).append("</td><td class=\"num\">").append(fmt(latency.calls()))
                    .append("</td><td class=\"num\">").append(millis(latency.medianMicros())).append("</td><td class=\"num\">")
                    .append(millis(latency.p90Micros())).append("</td><td class=\"num\">").append(millis(latency.maxMicros()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"small\">Destination call latency: the call that gave each batch its outcome "
                + "(<code>call_micros</code>).</p>\n</section>\n");
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    static String duration(String from, String to) {
        if (from == null || to == null) {
            return "-";
        }
        try {
            Duration d = Duration.between(Instant.parse(from), Instant.parse(to));
            if (d.isNegative()) {
                return "-";
            }
            long ms = d.toMillis();
            if (ms < 1_000) {
                return ms + " ms";
            }
            if (ms < 60_000) {
                return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
            }
            return String.format(Locale.ROOT, "%d min %d s", d.toMinutes(), d.toSecondsPart());
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    static String millis(long micros) {
        return micros < 10_000 ? String.format(Locale.ROOT, "%.1f ms", micros / 1000.0)
                : String.format(Locale.ROOT, "%,d ms", micros / 1000);
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String px(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t') {
                        out.append('\uFFFD'); // control characters have no place in a page
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#212121;\
            margin:24px auto;max-width:1000px;padding:0 16px}
            h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
            h3{font-size:16px;margin:0 0 6px}code{font:13px ui-monospace,Menlo,Consolas,monospace}
            .badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
            .ok{background:#2e7d32}.bad{background:#c62828}.warn{background:#ef6c00}.info{background:#546e7a}
            .facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
            .facts dt{color:#616161}.facts dd{margin:0}
            .errors{color:#c62828}
            .destination{border:1px solid #e0e0e0;border-radius:6px;padding:12px 16px;margin:12px 0}
            .funnel{max-width:100%;height:auto}.funnel .label{font-size:13px;font-weight:600;fill:#424242}
            .funnel .legend{font-size:12px;fill:#424242}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;\
            vertical-align:top}th{font-size:12px;color:#616161}.num{text-align:right;font-variant-numeric:tabular-nums}
            .examples{margin:0;padding-left:16px;font-size:12px}.line{color:#616161}
            .small{font-size:12px;color:#616161}.none{color:#616161}
            footer{margin-top:32px;font-size:11px;color:#9e9e9e}
            """;
}
