package io.profilesync.local;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Prints a run manifest for people. */
final class Summary {

    private Summary() {
    }

    static void print(JsonNode manifest, PrintStream out) {
        out.println();
        out.printf("run %s: %s%n", manifest.path("run_id").asText(), manifest.path("status").asText().toUpperCase());
        out.printf("  source:  %s%n", manifest.at("/source/key").asText());
        out.printf("  mapping: %s%n", manifest.path("mapping").asText());
        if (manifest.hasNonNull("dialect")) {
            out.printf("  read as: %s%n", manifest.path("dialect").asText());
        }
        out.printf("  rows:    %,d%n", manifest.path("rows").asLong());
        out.printf("  sync:    %s%s%n", manifest.path("sync").asText("-"), manifest.path("dry_run").asBoolean()
                ? " (DRY RUN: nothing was queued or posted; the counts say what would be sent)"
                : manifest.path("full_resync").asBoolean() ? " (full resync: every user sent)" : "");
        manifest.path("errors").forEach(error -> out.printf("  ERROR%s: %s%n",
                error.path("line").asLong() > 0 ? " at line " + error.path("line").asLong() : "",
                error.path("message").asText()));
        JsonNode hold = manifest.path("hold");
        if (hold.isObject()) {
            out.printf("  held:    %s%s%n", hold.at("/guard/message").asText(), hold.hasNonNull("superseded_by")
                    ? " (superseded by run " + hold.path("superseded_by").asText() + ": never sent)"
                    : hold.hasNonNull("released_at") ? " (released " + hold.path("released_at").asText() + ")" : "");
        }
        out.printf("  %-12s %9s %9s %10s %9s %9s %9s %8s %9s %9s %11s%n", "destination", "accepted", "rejected", "superseded",
                "new", "changed", "unchanged", "batches", "delivered", "failed", "unconfirmed");
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("destinations").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> destination = it.next();
            JsonNode counts = destination.getValue();
            out.printf("  %-12s %,9d %,9d %,10d %,9d %,9d %,9d %,8d %9s %9s %11s%s%n", destination.getKey(),
                    counts.path("accepted").asLong(), counts.path("rejected").asLong(), counts.path("superseded").asLong(),
                    counts.path("new").asLong(), counts.path("changed").asLong(),
                    counts.path("unchanged").asLong(), counts.path("batches").asInt(), count(counts, "delivered"),
                    count(counts, "failed"), count(counts, "unconfirmed"), extraStreams(counts));
        }
        if (manifest.has("complete")) {
            out.printf("  delivery:      %s%n", delivery(manifest));
            out.printf("  failed rows:   %s%n", manifest.path("failed_rows").asText());
        }
        if (manifest.has("report_html")) {
            out.printf("  report page:   %s%n", manifest.path("report_html").asText());
        }
        out.printf("  rejected rows: %s%n", manifest.path("rejected_rows").asText());
        out.printf("  superseded:    %s%n", manifest.path("superseded_rows").asText());
        out.printf("  batches:       %s%n", manifest.path("batches_prefix").asText());
    }

    /** Whether every batch has a final outcome; for a failed run, said of the rows read before it failed only. */
    private static String delivery(JsonNode manifest) {
        if (!manifest.path("complete").asBoolean()) {
            return "INCOMPLETE: some batches have no final outcome, or are held in a dead-letter queue by a configuration error";
        }
        if (!manifest.path("status").asText().equals("failed")) {
            return "complete: every accepted user is delivered, failed, unconfirmed or unchanged";
        }
        long rows = manifest.path("rows").asLong();
        return rows == 0 ? "none: the run failed before it read a row"
                : String.format("complete for the %,d rows read before the run failed (each accepted user is delivered, failed, "
                        + "unconfirmed or unchanged); the rest of the file was not read", rows);
    }

    private static String count(JsonNode counts, String field) {
        return counts.has(field) ? String.format("%,d", counts.path(field).asLong()) : "-";
    }

    private static String extraStreams(JsonNode counts) {
        StringBuilder extra = new StringBuilder();
        if (counts.path("resent").asLong() > 0) {
            extra.append(String.format("  (+ %,d unchanged users sent by the full resync)", counts.path("resent").asLong()));
        }
        counts.path("streams").fields().forEachRemaining(stream -> {
            if (!stream.getKey().equals("users")) {
                extra.append(String.format("  (+ %,d %s in %d batches)", stream.getValue().path("items").asLong(),
                        stream.getKey(), stream.getValue().path("batches").asInt()));
            }
        });
        return extra.toString();
    }
}
