package io.profilesync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code infra/local/run runs} and {@code show RUN_ID}: the runs a working bucket holds (the local one kept by
 * {@code --state DIR}, or a deployed one with {@code --bucket NAME}), read from their manifests and reports.
 */
final class RunHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    RunHistory(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** One line per run, newest first: when, the run, its source, its status, and per destination what became of the users. */
    void list(PrintStream out, int limit) {
        List<S3Object> manifests = new ArrayList<>(s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("runs/"))
                .contents().stream().filter(object -> object.key().endsWith("/manifest.json")).toList());
        manifests.sort(Comparator.comparing(S3Object::lastModified).reversed());
        if (manifests.isEmpty()) {
            out.println("no runs in s3://" + bucket + "/runs/");
            return;
        }
        out.printf("%-20s  %-20s  %-24s  %-40s  %s%n", "time", "run", "status", "source", "per destination: delivered/failed/unchanged");
        for (S3Object manifest : manifests.subList(0, Math.min(limit, manifests.size()))) {
            String runId = manifest.key().split("/")[1];
            JsonNode run = latest(runId).orElseThrow();
            out.printf("%-20s  %-20s  %-24s  %-40s  %s%n", time(run, manifest.lastModified()), runId, status(run),
                    run.at("/source/key").asText(), perDestination(run));
        }
        if (manifests.size() > limit) {
            out.printf("(%d older runs not shown: --limit N)%n", manifests.size() - limit);
        }
    }

    /** One run's summary and where its reports are; answers false when the bucket has no such run. */
    boolean show(String runId, PrintStream out) {
        Optional<JsonNode> run = latest(runId);
        if (run.isEmpty()) {
            out.println("no run " + runId + " in s3://" + bucket + "/runs/");
            return false;
        }
        Summary.print(run.get(), out);
        read("runs/" + runId + "/completion.json").ifPresent(completion -> out.printf("  event:         %s at %s%n",
                completion.path("event").asText(), completion.path("completed_at").asText()));
        out.printf("  reports:       s3://%s/runs/%s/ (manifest.json, report.json%s)%n", bucket, runId,
                run.get().has("report_html") ? ", report.html" : "");
        return true;
    }

    /** The run's report when it has one, else its manifest. */
    private Optional<JsonNode> latest(String runId) {
        Optional<JsonNode> report = read("runs/" + runId + "/report.json");
        return report.isPresent() ? report : read("runs/" + runId + "/manifest.json");
    }

    private Optional<JsonNode> read(String key) {
        try {
            return Optional.of(JSON.readTree(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable s3://" + bucket + "/" + key, e);
        }
    }

    private static String time(JsonNode run, Instant written) {
        String started = run.path("started_at").asText(written.toString());
        return started.length() > 19 ? started.substring(0, 19).replace('T', ' ') : started;
    }

    private static String status(JsonNode run) {
        String status = run.path("status").asText();
        if (run.path("dry_run").asBoolean()) {
            return status + ", dry run";
        }
        if (!run.has("complete")) {
            return status + ", delivering";
        }
        return status + (run.path("complete").asBoolean() ? ", complete" : ", incomplete");
    }

    private static String perDestination(JsonNode run) {
        StringBuilder line = new StringBuilder();
        run.path("destinations").fields().forEachRemaining(destination -> line.append(String.format("%s %s/%s/%d  ", destination.getKey(),
                destination.getValue().has("delivered") ? destination.getValue().path("delivered").asText() : "-",
                destination.getValue().has("failed") ? destination.getValue().path("failed").asText() : "-",
                destination.getValue().path("unchanged").asLong())));
        return line.toString().strip();
    }
}
