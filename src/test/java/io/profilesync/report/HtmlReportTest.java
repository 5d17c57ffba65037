package io.profilesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The renderer alone: escaping of every value taken from data, grouping in bounded memory, latencies. */
class HtmlReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVIL = "<script>alert('x')</script>&\"";

    @Test
    void everyValueTakenFromDataIsEscaped() throws Exception {
        ObjectNode report = (ObjectNode) JSON.readTree("""
                {"run_id":"r1","status":"succeeded","rows":3,"sync":"s","mapping":"m","started_at":"2026-01-01T00:00:00Z",
                 "finished_at":"2026-01-01T00:00:02.500Z","complete":true,"rejected_rows":"runs/r1/rejected-rows.jsonl",
                 "source":{"bucket":"b","key":"incoming/x.csv"},"errors":[{"line":2,"message":"bad"}],
                 "destinations":{}}""");
        report.put("sync", EVIL);
        report.withObject("/source").put("key", EVIL);
        report.withArray("errors").addObject().put("line", 9).put("message", EVIL);
        report.withObject("/destinations").putObject(EVIL).put("rows", 3).put("accepted", 2).put("rejected", 1)
                .put("delivered", 1).put("failed", 1).put("complete", true);

        String html = HtmlReport.render(report,
                List.of(new HtmlReport.RejectionGroup(EVIL, EVIL, EVIL, 1, List.of(new HtmlReport.Example(4, EVIL)))),
                List.of(new HtmlReport.FailureGroup(EVIL, EVIL, 1, List.of(new HtmlReport.Example(5, EVIL)))),
                new HtmlReport.Timings(Map.of(EVIL, HtmlReport.Latency.of(List.of(1_000L)).orElseThrow()), null));

        assertFalse(html.contains("<script"), "no markup from data");
        assertFalse(html.contains("'x'"), "quotes escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"), html);
        assertEquals(1, count(html, "<svg"), "one funnel for the one destination");
        assertTrue(html.contains("split took</dt><dd>2.5 s"), html);
    }

    @Test
    void thePageNeedsNothingFromTheNetwork() throws Exception {
        String html = HtmlReport.render(JSON.readTree("{\"run_id\":\"r\",\"destinations\":{\"insider\":{\"rows\":1}}}"), List.of(),
                List.of(), new HtmlReport.Timings(Map.of(), null));

        assertFalse(Pattern.compile("(?i)(src|href)\\s*=|url\\(|@import|https?:").matcher(html).find(), html);
        assertTrue(html.contains("default-src 'none'"), "its Content-Security-Policy forbids any fetch");
        assertTrue(html.contains("No row was rejected."));
    }

    @Test
    void groupsCountEveryLineButKeepThreeExamplesAndABoundedNumberOfGroups() {
        Groups<String> groups = new Groups<>("other");
        for (int line = 1; line <= 10; line++) {
            groups.add("email", line, "m" + line);
        }
        groups.add("age", 11, "x".repeat(1_000));
        for (int rule = 0; rule < Groups.MAX_GROUPS + 5; rule++) {
            groups.add("rule" + rule, 100 + rule, "r");
        }

        List<String> sorted = groups.sorted((key, count, examples) -> key + "=" + count + examples.stream()
                .map(example -> ":" + example.line()).reduce("", String::concat));
        assertEquals("email=10:1:2:3", sorted.get(0));
        assertEquals("other=7:198:199:200", sorted.get(1), "the rules beyond the bound are counted together");
        assertEquals(Groups.MAX_GROUPS + 1, sorted.size());
        assertEquals(Groups.MAX_TEXT + 1, groupExample(groups, "age").length(), "long messages are cut");
    }

    @Test
    void latencyIsMedianP90AndMax() {
        HtmlReport.Latency latency = HtmlReport.Latency.of(List.of(5L, 1L, 3L, 2L, 4L, 100L)).orElseThrow();
        assertEquals(new HtmlReport.Latency(6, 3, 100, 100), latency);
        assertEquals(new HtmlReport.Latency(1, 7, 7, 7), HtmlReport.Latency.of(List.of(7L)).orElseThrow());
        assertTrue(HtmlReport.Latency.of(List.of()).isEmpty());
        assertEquals("1.5 ms", HtmlReport.millis(1_500));
        assertEquals("1,234 ms", HtmlReport.millis(1_234_000));
    }

    private static String groupExample(Groups<String> groups, String key) {
        return groups.sorted((k, count, examples) -> k.equals(key) ? examples.get(0).text() : null).stream()
                .filter(text -> text != null).findFirst().orElseThrow();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
