package io.profilesync.chaos;

import java.io.PrintStream;

import io.profilesync.chaos.DeliveryAudit.Check;

/** Prints a chaos run's faults, figures and verdicts for people. */
final class ChaosPrinter {

    private ChaosPrinter() {
    }

    static void print(ChaosRun.Outcome outcome, String runId, PrintStream out) {
        out.printf("%nrun %s: queues drained in %.1f s%n", runId, outcome.seconds());
        out.println("faults injected:");
        outcome.injected().forEach((vendor, faults) -> faults.forEach((kind, count) ->
                out.printf("  %-10s %-30s %,6d%n", vendor, kind, count)));
        out.printf("  %-10s %-30s %,6d%n", "sqs", "duplicate deliveries", outcome.duplicateDeliveries());
        out.printf("  %-10s %-30s %,6d%n", "lambda", "invocations lost (crash)", outcome.invocationsLost());
        out.println();
        out.printf("  %-10s %9s %9s %9s %7s %11s %12s %11s %9s %14s %9s%n", "vendor", "rows", "delivered", "rejected",
                "failed", "unconfirmed", "posted twice", "after lost", "reposted", "at vendor but", "redriven");
        out.printf("  %-10s %9s %9s %9s %7s %11s %12s %11s %9s %14s %9s%n", "", "", "", "", "", "", "", "answer", "(report)",
                "not delivered", "from DLQ");
        outcome.audit().figures().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(entry -> {
            DeliveryAudit.VendorFigures f = entry.getValue();
            out.printf("  %-10s %,9d %,9d %,9d %,7d %,11d %,12d %,11d %,9d %,14d %,9d%n", entry.getKey(), f.rows(),
                    f.delivered(), f.rejected(), f.failed(), f.unconfirmed(), f.postedTwice(), f.postedTwiceAfterLostAnswer(),
                    f.repostedUsers(), f.processedButReportedFailed(), f.redriven());
        });
        out.println();
        for (Check check : outcome.audit().checks()) {
            out.printf("  %-4s %-10s %-58s %s%n", check.passed() ? "OK" : "FAIL", check.vendor(), check.claim(), check.evidence());
        }
        out.printf("%nchaos verdict: %s%n", outcome.audit().passed() ? "PASSED: nothing lost, no unexplained duplicate"
                : "FAILED");
    }
}
