package io.profilesync.chaos;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.profilesync.chaos.DeliveryAudit.Check;

/** Prints a chaos run's faults, figures and verdicts for people. */
final class ChaosPrinter {

    private ChaosPrinter() {
    }

    static void print(ChaosRun.Outcome outcome, List<String> runIds, PrintStream out) {
        out.printf("%nruns %s: the first run's queues drained in %.1f s%n", String.join(", ", runIds), outcome.seconds());
        out.println("faults injected:");
        outcome.injected().forEach((destination, faults) -> faults.forEach((kind, count) ->
                out.printf("  %-10s %-30s %,6d%n", destination, kind, count)));
        out.printf("  %-10s %-30s %,6d%n", "sqs", "duplicate deliveries", outcome.duplicateDeliveries());
        out.printf("  %-10s %-30s %,6d%n", "lambda", "invocations lost (crash)", outcome.invocationsLost());
        out.println();
        out.println("  every run, by destination:");
        out.printf("  %-10s %9s %9s %9s %7s %11s %7s %12s %11s %9s %9s %14s %9s%n", "destination", "rows", "delivered", "rejected",
                "failed", "unconfirmed", "stale", "posted twice", "after lost", "reposted", "reposts", "at destination but",
                "redriven");
        out.printf("  %-10s %9s %9s %9s %7s %11s %7s %12s %11s %9s %9s %14s %9s%n", "", "", "", "", "", "", "", "", "answer",
                "(report)", "possible", "not delivered", "from DLQ");
        outcome.audit().figures().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            DeliveryAudit.DestinationFigures f = entry.getValue();
            out.printf("  %-10s %,9d %,9d %,9d %,7d %,11d %,7d %,12d %,11d %,9d %,9d %,14d %,9d%n", entry.getKey(), f.rows(),
                    f.delivered(), f.rejected(), f.failed(), f.unconfirmed(), f.stale(), f.postedTwice(),
                    f.postedTwiceAfterLostAnswer(), f.repostedUsers(), f.repostsPossible(), f.processedButReportedFailed(),
                    f.redriven());
        });
        out.println();
        for (Check check : outcome.audit().checks()) {
            out.printf("  %-4s %-10s %-58s %s%n", check.passed() ? "OK" : "FAIL", check.destination(), check.claim(), check.evidence());
        }
        out.printf("%nchaos verdict: %s%n", outcome.audit().passed() ? "PASSED: nothing lost, no unexplained duplicate"
                : "FAILED");
    }
}
