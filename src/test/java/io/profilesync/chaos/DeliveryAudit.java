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
import io.profilesync.queue.BatchMessage;
import io.profilesync.simulator.VendorSimulator;
import io.profilesync.testing.SampleFiles;

/**
 * After a chaos run, holds the run's report against what the vendors really received (the simulator's own
 * record) and what is left in the queues: every row accounted for, nothing reported delivered that the vendor
 * does not have, no user posted twice unless a processed request's answer was lost, no message left behind,
 * every dead letter recorded as failed. Users are matched to source lines through the generated file's ids.
 */
final class DeliveryAudit {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One verdict, for one vendor (or {@code *} for the run). */
    record Check(String vendor, String claim, boolean passed, String evidence) {
    }

    /** What the chaos did to one vendor's users beyond the faults themselves. */
    record VendorFigures(long rows, long delivered, long rejected, long failed, long postedTwice, long postedTwiceAfterLostAnswer,
            long processedButReportedFailed, int deadLetters) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final Map<String, VendorFigures> figures = new HashMap<>();

    static DeliveryAudit of(LocalPipeline pipeline, JsonNode report, long pendingMessages) {
        DeliveryAudit audit = new DeliveryAudit();
        report.path("vendors").fields().forEachRemaining(vendor -> audit.vendor(pipeline, report, vendor.getKey(), vendor.getValue()));
        audit.checks.add(new Check("*", "nothing left in a queue", pendingMessages == 0, pendingMessages + " messages still queued"));
        return audit;
    }

    private void vendor(LocalPipeline pipeline, JsonNode report, String vendor, JsonNode counts) {
        long rows = counts.path("rows").asLong();
        long delivered = counts.path("delivered").asLong();
        long rejected = counts.path("rejected").asLong();
        long failed = counts.path("failed").asLong();
        check(vendor, "rows in = delivered + rejected + failed", rows == delivered + rejected + failed,
                String.format("%,d = %,d + %,d + %,d", rows, delivered, rejected, failed));
        check(vendor, "no batch left without a final outcome", counts.path("pending_batches").asInt() == 0,
                counts.path("pending_batches").asInt() + " pending");

        Set<String> reportedDelivered = reportedDelivered(pipeline, report, vendor, rows);
        VendorSimulator simulator = pipeline.simulator();
        Map<String, Integer> processed = tally(simulator.processedUsers(vendor));
        Map<String, Integer> lostAnswers = tally(simulator.usersWithLostAnswers(vendor));
        long missing = reportedDelivered.stream().filter(user -> !processed.containsKey(user)).count();
        check(vendor, "every user reported delivered is at the vendor", missing == 0 && reportedDelivered.size() == delivered,
                String.format("%,d reported delivered, %,d of them never reached the vendor", reportedDelivered.size(), missing));

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
        long processedButFailed = processed.keySet().stream().filter(user -> !reportedDelivered.contains(user)).count();

        // A message handled on its last delivery whose delete is lost comes back once more and goes to the DLQ
        // with its batch delivered: accounted for, and a redrive would not post it again.
        int deadLetters = 0;
        int failedBatches = 0;
        int deliveredBatches = 0;
        for (String body : pipeline.deadLetterBodies(vendor)) {
            deadLetters++;
            String status = finalStatus(pipeline, parse(body, BatchMessage.class));
            failedBatches += status.equals("failed") ? 1 : 0;
            deliveredBatches += status.equals("delivered") || status.equals("partial") ? 1 : 0;
        }
        check(vendor, "every dead-letter message is accounted for in the report", failedBatches + deliveredBatches == deadLetters,
                String.format("%d dead letters: %d batches recorded failed, %d already delivered (duplicates)", deadLetters,
                        failedBatches, deliveredBatches));
        figures.put(vendor, new VendorFigures(rows, delivered, rejected, failed, postedTwice, explained, processedButFailed,
                deadLetters));
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

    /** The batch's recorded status, or {@code none}. */
    private static String finalStatus(LocalPipeline pipeline, BatchMessage batch) {
        String key = "runs/" + batch.runId() + "/outcomes/" + batch.vendor() + "/" + batch.stream() + "-"
                + String.format("%06d", batch.batch()) + ".json";
        return pipeline.readJson(key).map(outcome -> outcome.path("status").asText()).orElse("none");
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
