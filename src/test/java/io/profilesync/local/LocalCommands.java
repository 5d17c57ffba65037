package io.profilesync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.queue.QueueSender;
import io.profilesync.run.DeferredMessage;
import io.profilesync.run.HeldRuns;
import io.profilesync.storage.ObjectStore;
import io.profilesync.story.StoryText;
import io.profilesync.story.UserStory;
import io.profilesync.sync.StateHash;
import io.profilesync.sync.StateKeyException;
import io.profilesync.sync.StateKeyStore;
import io.profilesync.sync.StateKeys;
import io.profilesync.testing.Fixtures;
import io.profilesync.testing.LocalAws;
import io.profilesync.destination.evergage.SimulatedEvergage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import sun.misc.Signal;

/** The {@code export}, {@code serve}, history and {@code release} commands of {@code infra/local/run}. */
final class LocalCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The simulated Evergage population an export reads when no real URL is configured. */
    private static final int SIMULATED_USERS = 2_500;

    private LocalCommands() {
    }

    /**
     * {@code runs} and {@code show RUN_ID}: the history of the local state ({@code --state DIR}) or of a deployed
     * working bucket ({@code --bucket NAME}, with the AWS credentials and region of the environment).
     */
    static int history(LocalRun.Options options, PrintStream out) {
        if (options.bucket().isPresent()) {
            try (S3Client s3 = S3Client.create()) {
                return history(new RunHistory(s3, options.bucket().get()), options, out);
            }
        }
        try (LocalAws aws = options.state().map(LocalAws::start).orElseGet(LocalAws::start)) {
            if (options.state().isEmpty()) {
                out.println("no --state DIR or --bucket NAME: a fresh local stack has no runs");
            }
            aws.createBucket(LocalPipeline.BUCKET);
            return history(new RunHistory(aws.s3(), LocalPipeline.BUCKET), options, out);
        }
    }

    private static int history(RunHistory history, LocalRun.Options options, PrintStream out) {
        if (options.command().equals("show")) {
            return history.show(options.runId().orElseThrow(), out) ? 0 : 1;
        }
        history.list(out, options.limit());
        return 0;
    }

    /**
     * {@code user DESTINATION (KEY | --run RUN_ID --line N) [--sync S] [--state DIR | --bucket NAME] [--reveal]}: one user's story
     * from the local state or a deployed working bucket (AWS credentials and region of the environment); exits 1 when no
     * run holds the user.
     */
    static int user(LocalRun.Options options, PrintStream out) {
        try {
            if (options.bucket().isPresent()) {
                try (S3Client s3 = S3Client.create()) {
                    return user(new ObjectStore(s3, JSON), options.bucket().get(), LocalCommands::deployedStateHash, options,
                            out);
                }
            }
            try (LocalAws aws = options.state().map(LocalAws::start).orElseGet(LocalAws::start)) {
                aws.createBucket(LocalPipeline.BUCKET);
                return user(new ObjectStore(aws.s3(), JSON), LocalPipeline.BUCKET, () -> localStateHash(options.state()),
                        options, out);
            }
        } catch (StateKeyException e) {
            out.println("configuration error: " + e.getMessage());
            return 2;
        }
    }

    /**
     * The state hashes of a local state: its key as the local run found it ({@link LocalPipeline#existingStateKey}).
     */
    private static StateHash localStateHash(Optional<Path> state) {
        String setting = LocalPipeline.STATE_KEY_VARIABLE + state.map(dir -> " or " + dir.resolve(LocalPipeline.STATE_KEY_FILE))
                .orElse("");
        return StateKeyStore.of(LocalPipeline.existingStateKey(state).orElseThrow(() -> new StateKeyException("no state key: "
                + setting + " holds none (a local run with --state DIR keeps it there)")), setting);
    }

    /**
     * The state hashes of a deployment: its state key from the secret the splitter reads
     * ({@code PROFILE_SYNC_STATE_SECRET_ID}, the ARN {@code terraform output -json secret_arns | jq -r .state} gives),
     * read when a user is looked up by key, with the AWS credentials of the environment (docs/personal-data.md).
     */
    private static StateHash deployedStateHash() {
        String secretId = System.getenv("PROFILE_SYNC_STATE_SECRET_ID");
        if (secretId == null || secretId.isBlank()) {
            throw new StateKeyException("PROFILE_SYNC_STATE_SECRET_ID must name the deployment's state secret to find a "
                    + "user by key with --bucket (terraform output -json secret_arns | jq -r .state)");
        }
        String setting = "the state secret " + secretId + "'s \"" + StateKeys.HASH_KEY + "\"";
        String key;
        try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
            String text = secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
            key = JSON.readTree(text == null ? "{}" : text).path(StateKeys.HASH_KEY).asText("");
        } catch (SdkException | IOException e) {
            throw new StateKeyException("cannot read " + setting + ": " + e.getMessage());
        }
        return StateKeyStore.of(key, setting);
    }

    private static int user(ObjectStore store, String bucket, Supplier<StateHash> hashes, LocalRun.Options options,
            PrintStream out) {
        UserStory stories = new UserStory(store, JSON, bucket, "state/", "runs/", hashes);
        String destination = options.operands().get(0);
        UserStory.Story story;
        if (options.runId().isPresent()) {
            long line = Long.parseLong(options.operands().get(1));
            java.util.OptionalLong keyHash = stories.keyHashAt(destination, options.sync(), options.runId().get(), line);
            if (keyHash.isEmpty()) {
                out.printf("run %s of sync %s decided nothing at line %d for %s (a row without a user key, or a run split"
                        + " before the index existed)%n", options.runId().get(), options.sync(), line, destination);
                return 1;
            }
            story = stories.of(destination, options.sync(), keyHash.getAsLong());
        } else {
            story = stories.of(destination, options.sync(), options.operands().get(1));
        }
        StoryText.print(story, options.reveal(), out);
        return story.chapters().isEmpty() ? 1 : 0;
    }

    /**
     * {@code release RUN_ID --state DIR}: releases a held run of the local state through the report function, as in
     * AWS, then delivers it; a run that cannot be released is refused, saying why (exit 1).
     */
    static int release(LocalRun.Options options, PrintStream out) throws IOException {
        String runId = options.runId().orElseThrow();
        try (LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(), java.util.Map.of(),
                LocalPipeline.DEFAULT_VISIBILITY_SECONDS, options.state(), line -> out.println("  " + line))) {
            options.out().ifPresent(dir -> pipeline.logFunctionsTo(dir.resolve("logs")));
            JsonNode release = pipeline.release(runId);
            out.println(release.path("message").asText(release.toString()));
            if (!release.path("released").asBoolean()) {
                return 1;
            }
            out.println("delivering (destinations simulated locally: " + pipeline.simulatedDestinations() + ")...");
            pipeline.deliver(line -> out.println("  " + line));
            JsonNode report = LocalRun.deliveredReport(pipeline, runId, out);
            writeReportAndOutputs(options, pipeline, report, "runs/" + runId + "/", out);
            return 0;
        }
    }

    /**
     * {@code release RUN_ID --bucket NAME}: releases a held run of a deployed working bucket (AWS credentials and region
     * of the environment) as the report function does: marks it released and queues its kept messages, which the
     * deployed poster then delivers.
     */
    static int releaseDeployed(LocalRun.Options options, PrintStream out) {
        try (S3Client s3 = S3Client.create(); SqsClient sqs = SqsClient.create()) {
            HeldRuns.Release release = new HeldRuns(new ObjectStore(s3, JSON), JSON, "runs/", "state/")
                    .release(options.bucket().orElseThrow(), options.runId().orElseThrow(), new QueueSender(sqs, JSON),
                            DeferredMessage::queueUrl);
            out.println(release.message());
            return release.released() ? 0 : 1;
        }
    }

    /** {@code export [--format json|csv] [--report R.json] [--out DIR]}: one export now. */
    static int export(LocalRun.Options options, PrintStream out) throws IOException {
        try (LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(),
                line -> out.println("  " + line))) {
            options.out().ifPresent(dir -> pipeline.logFunctionsTo(dir.resolve("logs")));
            if (pipeline.simulatedDestinations().contains("evergage")) {
                pipeline.simulator().destination(SimulatedEvergage.class).export().configure(SIMULATED_USERS, 10, 300);
                out.printf("exporting from the Evergage simulator (%,d users, pages overlapping by 10)%n", SIMULATED_USERS);
            }
            ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.event("eventbridge-scheduler.json"));
            event.put("time", java.time.Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
            event.put("detail", "{\"format\":\"" + options.format() + "\",\"pageSize\":500}");
            JsonNode result;
            try {
                result = pipeline.export(event.toString());
            } catch (IllegalStateException e) {
                out.println("export FAILED: " + e.getMessage());
                return 1;
            }
            out.printf("%nexport %s: %s%n", result.path("status").asText().toUpperCase(), result.path("key").asText());
            out.printf("  pages %d, records read %,d, duplicates removed %,d, users written %,d%n", result.path("pages").asInt(),
                    result.path("records_read").asLong(), result.path("duplicates_removed").asLong(),
                    result.path("records_written").asLong());
            out.printf("  manifest: %s%n", result.path("manifest").asText());
            writeReportAndOutputs(options, pipeline, result, "exports/", out);
            return 0;
        }
    }

    /**
     * {@code serve [--out DIR]}: keeps the local stack up with the callbacks function behind a local API
     * gateway, prints the webhook URL, and on SIGTERM (or Ctrl-C) stops cleanly, leaving {@code --out DIR}.
     */
    static int serve(LocalRun.Options options, PrintStream out) throws IOException, InterruptedException {
        LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(), line -> out.println("  " + line));
        options.out().ifPresent(dir -> pipeline.logFunctionsTo(dir.resolve("logs")));
        LocalApiGateway gateway = new LocalApiGateway(pipeline::callback);
        CountDownLatch stop = new CountDownLatch(1);
        // handled here rather than in a shutdown hook, which would race the local servers' own hooks
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        out.println("webhook: " + gateway.url() + "/callbacks/insider/"
                + LocalPipeline.CALLBACK_SECRET);
        out.println("serving until SIGTERM (Ctrl-C)");
        out.flush();
        stop.await();
        gateway.close();
        options.out().ifPresent(dir -> out.printf("outputs: %d objects under %s%n", pipeline.copyOut("", dir),
                dir.resolve(LocalPipeline.BUCKET)));
        pipeline.close();
        out.println("stopped");
        return 0;
    }

    static void writeReportAndOutputs(LocalRun.Options options, LocalPipeline pipeline, JsonNode report, String prefix,
            PrintStream out) throws IOException {
        if (options.report().isPresent()) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(options.report().get().toFile(), report);
            out.println("report: " + options.report().get());
        }
        Optional<Path> dir = options.out();
        if (dir.isPresent()) {
            int copied = pipeline.copyOut(prefix, dir.get());
            out.printf("outputs: %d objects under %s%n", copied, dir.get().resolve(LocalPipeline.BUCKET));
            if (report.hasNonNull("report_html")) {
                out.printf("report.html: %s%n", dir.get().resolve(LocalPipeline.BUCKET).resolve(report.get("report_html").asText()));
            }
            out.printf("function logs: %s%n", dir.get().resolve("logs"));
            Path events = Files.createDirectories(dir.get().resolve("events"));
            List<com.fasterxml.jackson.databind.node.ObjectNode> published = pipeline.events();
            for (int i = 0; i < published.size(); i++) {
                String type = published.get(i).path("DetailType").asText().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
                JSON.writerWithDefaultPrettyPrinter().writeValue(events.resolve(String.format("%03d-%s.json", i + 1, type))
                        .toFile(), published.get(i));
            }
            out.printf("events: %d published (PutEvents entries) under %s%n", published.size(), events);
        }
    }
}
