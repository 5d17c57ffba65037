package io.profilesync.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.local.LocalPipeline;
import io.profilesync.simulator.VendorSimulator;
import io.profilesync.testing.SampleFiles;

/**
 * After a chaos run and the redrive of its dead-letter queues, holds the run's report against what the vendors
 * really received (the simulator's own record) and what is left in the queues: every row accounted for, every
 * user delivered unless rejected or refused by the vendor for good (the redrive healed every retryable failure),
 * nothing reported delivered that the vendor does not have, nothing the vendor holds reported failed, no user
 * posted twice unless a processed request's answer was lost and every such repost counted in the report, no
 * message left behind. Users are matched to source lines through the generated file's ids.
 */
final class DeliveryAudit {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One verdict, for one vendor (or {@code *} for the run). */
    record Check(String vendor, String claim, boolean passed, String evidence) {
    }

    /** What the chaos did to one vendor's users beyond the faults themselves. */
    record VendorFigures(long rows, long delivered, long rejected, long failed, long unconfirmed, long postedTwice,
            long postedTwiceAfterLostAnswer, long repostedUsers, long processedButReportedFailed, long redriven) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final Map<String, VendorFigures> figures = new HashMap<>();

    /** @param redriven messages moved back from each vendor's dead-letter queue after the first drain */
    static DeliveryAudit of(LocalPipeline pipeline, JsonNode report, long pendingMessages, Map<String, Long> redriven) {
        DeliveryAudit audit = new DeliveryAudit();
        report.path("vendors").fields().forEachRemaining(vendor -> audit.vendor(pipeline, report, vendor.getKey(),
                vendor.getValue(), redriven.getOrDefault(vendor.getKey(), 0L)));
        audit.checks.add(new Check("*", "nothing left in a queue", pendingMessages == 0, pendingMessages + " messages still queued"));
        return audit;
    }

    private void vendor(LocalPipeline pipeline, JsonNode report, String vendor, JsonNode counts, long redriven) {
        long rows = counts.path("rows").asLong();
        long delivered = counts.path("delivered").asLong();
        long rejected = counts.path("rejected").asLong();
        long failed = counts.path("failed").asLong();
        long unconfirmed = counts.path("unconfirmed").asLong();
        check(vendor, "rows in = delivered + rejected + failed + unconfirmed", rows == delivered + rejected + failed + unconfirmed,
                String.format("%,d = %,d + %,d + %,d + %,d", rows, delivered, rejected, failed, unconfirmed));
        check(vendor, "no batch left pending or held", counts.path("pending_batches").asInt() == 0
                && counts.path("held_batches").asInt() == 0, counts.path("pending_batches").asInt() + " pending, "
                        + counts.path("held_batches").asInt() + " held");
        List<String> unhealed = unhealed(pipeline, report.path("run_id").asText(), vendor);
        check(vendor, "after the redrive, no batch failed for a retryable reason or unconfirmed", unhealed.isEmpty(),
                unhealed.isEmpty() ? redriven + " dead letters redriven" : unhealed.size() + " batches: " + unhealed);

        Set<String> reportedDelivered = reportedDelivered(pipeline, report, vendor, rows);
        VendorSimulator simulator = pipeline.simulator();
        Map<String, Integer> processed = tally(simulator.processedUsers(vendor));
        Map<String, Integer> lostAnswers = tally(simulator.usersWithLostAnswers(vendor));
        long missing = reportedDelivered.stream().filter(user -> !processed.containsKey(user)).count();
        check(vendor, "every user reported delivered is at the vendor", missing == 0 && reportedDelivered.size() == delivered,
                String.format("%,d reported delivered, %,d of them never reached the vendor", reportedDelivered.size(), missing));
        long processedButFailed = processed.keySet().stream().filter(user -> !reportedDelivered.contains(user)).count();
        check(vendor, "no user the vendor holds is reported failed", processedButFailed == 0,
                String.format("%,d users at the vendor that the report does not call delivered", processedButFailed));

        long postedTwice = 0;
        long explained = 0;
        for (Map.Entry<String, Integer> user : processed.entrySet()) {
            int extra = user.getValue() - 1;
            if (extra > 0) {
                postedTwice++;
                if (extra <= lostAnswers.getOrDefault(user.getKey(), 0)) {
                    explained++;
                }
            }
        }
        check(vendor, "no user posted twice unless the vendor's answer was lost", postedTwice == explained,
                String.format("%,d users posted more than once, %,d of them after a lost answer", postedTwice, explained));
        long reposted = counts.path("reposted_users").asLong();
        check(vendor, "every repost is counted in the report (reposted_users)", reposted >= postedTwice,
                String.format("%,d users reported reposted, %,d at the vendor more than once", reposted, postedTwice));
        figures.put(vendor, new VendorFigures(rows, delivered, rejected, failed, unconfirmed, postedTwice, explained, reposted,
                processedButFailed, redriven));
    }

    /** Batches whose outcome a redrive should have healed: failed for a retryable reason, unconfirmed or held. */
    private static List<String> unhealed(LocalPipeline pipeline, String runId, String vendor) {
        List<String> unhealed = new ArrayList<>();
        for (String key : pipeline.keys("runs/" + runId + "/outcomes/" + vendor + "/")) {
            JsonNode outcome = pipeline.readJson(key).orElseThrow();
            String status = outcome.path("status").asText();
            if (outcome.path("retryable").asBoolean() || status.equals("unconfirmed") || status.equals("held")) {
                unhealed.add(key.substring(key.lastIndexOf('/') + 1) + " " + status);
            }
        }
        return unhealed;
    }

    /** The users the report counts as delivered: every row, less the rejected and the failed ones. */
    private static Set<String> reportedDelivered(LocalPipeline pipeline, JsonNode report, String vendor, long rows) {
        Set<Long> notDelivered = new HashSet<>();
        for (String line : pipeline.readLines(report.path("rejected_rows").asText(), Integer.MAX_VALUE)) {
            JsonNode rejection = parse(line, JsonNode.class);
            if (rejection.path("vendor").asText().equals(vendor)) {
                notDelivered.add(rejection.path("line").asLong());
            }
        }
        for (String line : pipeline.readLines(report.path("failed_rows").asText(), Integer.MAX_VALUE)) {
            JsonNode failure = parse(line, JsonNode.class);
            if (failure.path("vendor").asText().equals(vendor) && failure.path("stream").asText().equals("users")) {
                notDelivered.add(failure.path("line").asLong());
            }
        }
        Set<String> delivered = new HashSet<>();
        for (long line = 2; line <= rows + 1; line++) {
            if (!notDelivered.contains(line)) {
                delivered.add(SampleFiles.userOnLine(line));
            }
        }
        return delivered;
    }

    private void check(String vendor, String claim, boolean passed, String evidence) {
        checks.add(new Check(vendor, claim, passed, evidence));
    }

    private static Map<String, Integer> tally(List<String> users) {
        Map<String, Integer> counts = new HashMap<>();
        users.forEach(user -> counts.merge(user, 1, Integer::sum));
        return counts;
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    Map<String, VendorFigures> figures() {
        return Map.copyOf(figures);
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
