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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.LineRanges;
import io.profilesync.chaos.ChaosFiles.ChaosFile;
import io.profilesync.local.LocalPipeline;
import io.profilesync.simulator.DestinationSimulator;

/**
 * After a chaos run and the redrive of its dead-letter queues, holds the reports of the sync's runs against what the
 * destinations really received (the simulator's own record) and what is left in the queues: every row of every run
 * accounted for (delivered, rejected, failed, unconfirmed, stale, unchanged, superseded or skipped), every user
 * delivered unless rejected, refused by the destination for good or stale (the redrive healed every retryable failure),
 * nothing reported delivered that the destination does not have, nothing the destination holds reported failed, no user posted
 * twice unless a processed request's answer was lost, and the reports' reposts exactly what happened: at least every
 * user the destination took twice, at most the users it received again after a request whose answer never came back. For
 * the runs of one sync: each destination holds, for every user, the value of the newest run that carries it, and never
 * took an older value after a newer one; of a run that was held while a newer one was delivered (an overtaken run),
 * the users the newer run carries are stale and every other user is delivered. Users are matched to source lines
 * through each file's users ({@link ChaosFile}), and values to runs through the first name each run gave them.
 */
final class DeliveryAudit {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One verdict, for one destination (or {@code *} for the run). */
    record Check(String destination, String claim, boolean passed, String evidence) {
    }

    /**
     * One run of the sync, as the audit reads it.
     *
     * @param report the report function's answer for the run
     * @param overtaken its batches were held (dead-lettered) while a newer run was delivered, then redriven
     */
    record AuditedRun(JsonNode report, ChaosFile file, boolean overtaken) {

        String label() {
            return "run " + (file.generation() + 1);
        }
    }

    /** What the chaos did to one destination's users beyond the faults themselves, over every run. */
    record DestinationFigures(long rows, long delivered, long rejected, long failed, long unconfirmed, long stale, long postedTwice,
            long postedTwiceAfterLostAnswer, long repostedUsers, long repostsPossible, long processedButReportedFailed,
            long redriven) {
    }

    /** A run's users for one destination, by what the report says became of them. */
    private record RunUsers(AuditedRun run, Set<String> carried, Set<String> delivered, Set<String> stale) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final Map<String, DestinationFigures> figures = new HashMap<>();

    /**
     * @param runs the sync's runs, oldest first
     * @param redriven messages moved back from each destination's dead-letter queue
     */
    static DeliveryAudit of(LocalPipeline pipeline, List<AuditedRun> runs, long pendingMessages, Map<String, Long> redriven) {
        DeliveryAudit audit = new DeliveryAudit();
        runs.get(0).report().path("destinations").fieldNames().forEachRemaining(destination -> audit.destination(pipeline, runs, destination,
                redriven.getOrDefault(destination, 0L)));
        audit.checks.add(new Check("*", "nothing left in a queue", pendingMessages == 0, pendingMessages + " messages still queued"));
        return audit;
    }

    private void destination(LocalPipeline pipeline, List<AuditedRun> runs, String destination, long redriven) {
        long rows = 0;
        long delivered = 0;
        long rejected = 0;
        long failed = 0;
        long unconfirmed = 0;
        long stale = 0;
        long reposted = 0;
        List<RunUsers> users = new ArrayList<>();
        for (AuditedRun run : runs) {
            JsonNode counts = run.report().path("destinations").path(destination);
            RunUsers runUsers = runUsers(pipeline, run, destination);
            users.add(runUsers);
            accountFor(pipeline, run, destination, counts, runUsers, redriven);
            rows += counts.path("rows").asLong();
            delivered += counts.path("delivered").asLong();
            rejected += counts.path("rejected").asLong();
            failed += counts.path("failed").asLong();
            unconfirmed += counts.path("unconfirmed").asLong();
            stale += counts.path("stale").asLong();
            reposted += counts.path("reposted_users").asLong();
        }

        Map<String, Integer> reportedDelivered = new HashMap<>();
        users.forEach(run -> run.delivered().forEach(user -> reportedDelivered.merge(user, 1, Integer::sum)));
        DestinationSimulator simulator = pipeline.simulator();
        Map<String, Integer> processed = tally(simulator.processedUsers(destination));
        long missing = reportedDelivered.entrySet().stream()
                .filter(user -> processed.getOrDefault(user.getKey(), 0) < user.getValue()).count();
        check(destination, "every user reported delivered is at the destination", missing == 0,
                String.format("%,d users reported delivered, %,d of them reached the destination fewer times than reported",
                        reportedDelivered.size(), missing));
        long processedButFailed = processed.keySet().stream().filter(user -> !reportedDelivered.containsKey(user)).count();
        check(destination, "no user the destination holds is reported failed", processedButFailed == 0,
                String.format("%,d users at the destination that no report calls delivered", processedButFailed));

        Map<String, Integer> lostAnswers = tally(simulator.usersWithLostAnswers(destination));
        long postedTwice = 0;
        long explained = 0;
        for (Map.Entry<String, Integer> user : processed.entrySet()) {
            int extra = user.getValue() - reportedDelivered.getOrDefault(user.getKey(), 0);
            if (extra > 0) {
                postedTwice++;
                if (extra <= lostAnswers.getOrDefault(user.getKey(), 0)) {
                    explained++;
                }
            }
        }
        check(destination, "no user posted twice unless the destination's answer was lost", postedTwice == explained,
                String.format("%,d users taken more often than delivered, %,d of them after a lost answer", postedTwice, explained));
        long possible = repostsPossible(simulator, destination);
        check(destination, "reposts reported exactly: every one, none that did not happen", postedTwice <= reposted && reposted <= possible,
                String.format("%,d users reported reposted; the destination took %,d users twice and received %,d again after a "
                        + "request whose answer never came back", reposted, postedTwice, possible));
        if (runs.size() > 1) {
            newestValueWins(simulator, destination, users);
        }
        figures.put(destination, new DestinationFigures(rows, delivered, rejected, failed, unconfirmed, stale, postedTwice, explained,
                reposted, possible, processedButFailed, redriven));
    }

    /** One run's counts add up, nothing of it is left pending, held or to heal, and its delivered users are as many as it says. */
    private void accountFor(LocalPipeline pipeline, AuditedRun run, String destination, JsonNode counts, RunUsers users, long redriven) {
        String label = run.label() + ": ";
        long rows = counts.path("rows").asLong();
        long[] outcomes = {counts.path("delivered").asLong(), counts.path("rejected").asLong(), counts.path("failed").asLong(),
            counts.path("unconfirmed").asLong(), counts.path("stale").asLong(), counts.path("unchanged").asLong(),
            counts.path("superseded").asLong(), counts.path("skipped").asLong()};
        long sum = 0;
        for (long count : outcomes) {
            sum += count;
        }
        check(destination, label + "rows = delivered + rejected + failed + unconfirmed + stale + unchanged + superseded + skipped",
                rows == sum, String.format("%,d = %,d + %,d + %,d + %,d + %,d + %,d + %,d + %,d", rows, outcomes[0], outcomes[1],
                        outcomes[2], outcomes[3], outcomes[4], outcomes[5], outcomes[6], outcomes[7]));
        check(destination, label + "no batch left pending, submitted or held", counts.path("pending_batches").asInt() == 0
                && counts.path("submitted_batches").asInt() == 0 && counts.path("held_batches").asInt() == 0,
                counts.path("pending_batches").asInt() + " pending, " + counts.path("submitted_batches").asInt()
                        + " submitted, " + counts.path("held_batches").asInt() + " held");
        List<String> unhealed = unhealed(pipeline, run.report().path("run_id").asText(), destination);
        check(destination, label + "after the redrive, no batch failed for a retryable reason or unconfirmed", unhealed.isEmpty(),
                unhealed.isEmpty() ? redriven + " dead letters redriven" : unhealed.size() + " batches: " + unhealed);
        check(destination, label + "users delivered = rows less rejected, failed and stale ones", users.delivered().size()
                == outcomes[0], String.format("%,d reported delivered, %,d rows neither rejected, failed nor stale",
                        outcomes[0], users.delivered().size()));
    }

    /**
     * The newest value wins: each destination holds, for every user, the value of the newest run that delivered it, and
     * never took an older value after a newer one; an overtaken run's users that a newer run carries are stale, and
     * its other users are delivered.
     */
    private void newestValueWins(DestinationSimulator simulator, String destination, List<RunUsers> runs) {
        Map<String, Integer> newest = new HashMap<>();
        runs.forEach(run -> run.delivered().forEach(user -> newest.merge(user, run.run().file().generation(), Math::max)));
        Map<String, ObjectNode> holdings = simulator.holdings(destination);
        List<String> notNewest = newest.entrySet().stream()
                .filter(user -> !holdings.containsKey(user.getKey())
                        || ChaosFiles.generation(holdings.get(user.getKey())) != user.getValue())
                .map(Map.Entry::getKey).sorted().toList();
        check(destination, "every user holds the newest run's value", notNewest.isEmpty(), String.format(
                "%,d users, %,d of them hold another run's value%s", newest.size(), notNewest.size(), sample(notNewest)));

        Map<String, Integer> highest = new HashMap<>();
        Set<String> olderAfterNewer = new HashSet<>();
        for (Map.Entry<String, ObjectNode> upsert : simulator.upserts(destination)) {
            int generation = ChaosFiles.generation(upsert.getValue());
            if (generation < highest.merge(upsert.getKey(), generation, Math::max)) {
                olderAfterNewer.add(upsert.getKey());
            }
        }
        check(destination, "no older value taken after a newer one", olderAfterNewer.isEmpty(), String.format(
                "%,d upserts, %,d users took an older run's value after a newer one's%s", simulator.upserts(destination).size(),
                olderAfterNewer.size(), sample(olderAfterNewer.stream().sorted().toList())));

        for (int i = 0; i < runs.size(); i++) {
            RunUsers run = runs.get(i);
            if (!run.run().overtaken()) {
                continue;
            }
            Set<String> carriedByNewer = new HashSet<>();
            runs.subList(i + 1, runs.size()).forEach(newer -> carriedByNewer.addAll(newer.carried()));
            Set<String> expectedStale = new HashSet<>(run.carried());
            expectedStale.retainAll(carriedByNewer);
            String label = run.run().label() + ", overtaken: ";
            check(destination, label + "stale = its users a newer run carries", run.stale().equals(expectedStale), String.format(
                    "%,d stale, %,d of its users a newer run carries", run.stale().size(), expectedStale.size()));
            Set<String> undelivered = new HashSet<>(run.carried());
            undelivered.removeAll(expectedStale);
            undelivered.removeAll(run.delivered());
            check(destination, label + "its other users are delivered", undelivered.isEmpty(), String.format(
                    "%,d of its other users not delivered%s", undelivered.size(), sample(undelivered.stream().sorted().toList())));
        }
    }

    /**
     * The most user reposts the destination's record allows: per user, each repost follows a request of it whose answer
     * never came back (processed or not: the client cannot tell), and is a request of it received again.
     */
    private static long repostsPossible(DestinationSimulator simulator, String destination) {
        Map<String, Integer> unanswered = tally(simulator.usersWithoutAnswer(destination));
        Map<String, Integer> received = tally(simulator.receivedUsers(destination));
        return unanswered.entrySet().stream()
                .mapToLong(user -> Math.min(user.getValue(), received.getOrDefault(user.getKey(), 0) - 1L)).sum();
    }

    /** Batches whose outcome a redrive should have healed: failed for a retryable reason, unconfirmed or held. */
    private static List<String> unhealed(LocalPipeline pipeline, String runId, String destination) {
        List<String> unhealed = new ArrayList<>();
        for (String key : pipeline.keys("runs/" + runId + "/outcomes/" + destination + "/")) {
            JsonNode outcome = pipeline.readJson(key).orElseThrow();
            String status = outcome.path("status").asText();
            if (outcome.path("retryable").asBoolean() || status.equals("unconfirmed") || status.equals("held")) {
                unhealed.add(key.substring(key.lastIndexOf('/') + 1) + " " + status);
            }
        }
        return unhealed;
    }

    /**
     * The run's users for the destination: carried (every row the destination did not reject), stale (lines its outcomes left
     * out for a newer run) and delivered (carried, less the failed and the stale ones).
     */
    private static RunUsers runUsers(LocalPipeline pipeline, AuditedRun run, String destination) {
        JsonNode report = run.report();
        Set<Long> rejected = new HashSet<>();
        for (String line : pipeline.readLines(report.path("rejected_rows").asText(), Integer.MAX_VALUE)) {
            JsonNode rejection = parse(line);
            if (rejection.path("destination").asText().equals(destination)) {
                rejected.add(rejection.path("line").asLong());
            }
        }
        Set<Long> failed = new HashSet<>();
        for (String line : pipeline.readLines(report.path("failed_rows").asText(), Integer.MAX_VALUE)) {
            JsonNode failure = parse(line);
            if (failure.path("destination").asText().equals(destination) && failure.path("stream").asText().equals("users")) {
                failed.add(failure.path("line").asLong());
            }
        }
        Set<Long> staleLines = new HashSet<>();
        for (String key : pipeline.keys("runs/" + report.path("run_id").asText() + "/outcomes/" + destination + "/")) {
            JsonNode outcome = pipeline.readJson(key).orElseThrow();
            if (outcome.path("stream").asText().equals("users") && outcome.hasNonNull("stale_lines")) {
                LineRanges.fromJson(outcome.get("stale_lines")).forEachLine(staleLines::add);
            }
        }
        Set<String> carried = new HashSet<>();
        Set<String> stale = new HashSet<>();
        Set<String> delivered = new HashSet<>();
        for (long line = 2; line <= run.file().rows() + 1; line++) {
            if (rejected.contains(line)) {
                continue;
            }
            String user = run.file().userOnLine(line);
            carried.add(user);
            if (staleLines.contains(line)) {
                stale.add(user);
            } else if (!failed.contains(line)) {
                delivered.add(user);
            }
        }
        return new RunUsers(run, carried, delivered, stale);
    }

    private static String sample(List<String> users) {
        return users.isEmpty() ? "" : ", e.g. " + users.subList(0, Math.min(5, users.size()));
    }

    private void check(String destination, String claim, boolean passed, String evidence) {
        checks.add(new Check(destination, claim, passed, evidence));
    }

    private static Map<String, Integer> tally(List<String> users) {
        Map<String, Integer> counts = new HashMap<>();
        users.forEach(user -> counts.merge(user, 1, Integer::sum));
        return counts;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    Map<String, DestinationFigures> figures() {
        return Map.copyOf(figures);
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
