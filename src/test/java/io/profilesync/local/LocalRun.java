package io.profilesync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.splitter.SplitOutcome;
import io.profilesync.splitter.SplitterService;
import io.profilesync.testing.Pipeline;

/**
 * {@code infra/local/run}: the pipeline on this machine.
 * <ul>
 * <li>{@code FILE [--mapping M] [--evergage-delivery api|etl-feed] [--report R.json] [--out DIR]}: split a file,
 * deliver its batches to the destination simulators (or the configured URLs; with {@code etl-feed}, Personalization's to an
 * in-process SFTP site, {@link LocalFeedSite}) until the queues are drained, and print the run report;</li>
 * <li>{@code export [--format json|csv] [--report R.json] [--out DIR]}: run an Evergage export now;</li>
 * <li>{@code serve [--out DIR]}: keep the stack up with the callback webhook until SIGTERM;</li>
 * <li>{@code runs [--state DIR | --bucket NAME] [--limit N]} and {@code show RUN_ID [--state DIR | --bucket NAME]}: the
 * run history of the local state or of a deployed working bucket (AWS credentials and region from the
 * environment).</li>
 * <li>{@code user DESTINATION (KEY | --run RUN_ID --line N) [--sync S] [--state DIR | --bucket NAME] [--reveal]}: one user's story
 * (docs/tracing-one-user.md).</li>
 * <li>{@code release RUN_ID [--state DIR | --bucket NAME]}: release a held run (docs/sync.md, "Guards") and, locally, deliver
 * it.</li>
 * </ul>
 * Exits 0 when the run succeeded (rejected and failed rows are not a failure), 1 when it failed, 2 on a usage
 * or configuration error (a destination given a real URL without its credentials: checked before any work), 3 when it is
 * held by a guard (nothing was sent).
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.command().equals("user")) {
            System.exit(LocalCommands.user(options, System.out));
            return;
        }
        if (options.command().equals("runs") || options.command().equals("show")) {
            System.exit(LocalCommands.history(options, System.out));
            return;
        }
        if (options.command().equals("release") && options.bucket().isPresent()) {
            System.exit(LocalCommands.releaseDeployed(options, System.out));
            return;
        }
        // with the ETL feed, Personalization is the local SFTP site whatever its URL says
        List<String> problems = DestinationConfigurationCheck.problems(options.command().equals("export") ? List.of("evergage")
                : Stream.of(LocalPipeline.DESTINATIONS).filter(destination -> !(options.etlFeed() && destination.equals("evergage"))).toList());
        if (!options.command().equals("serve") && !problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("configuration error: " + problem));
            System.exit(2);
            return;
        }
        int exit = switch (options.command()) {
            case "export" -> LocalCommands.export(options, System.out);
            case "serve" -> LocalCommands.serve(options, System.out);
            case "release" -> LocalCommands.release(options, System.out);
            default -> run(options, System.out);
        };
        System.exit(exit);
    }

    static int run(Options options, PrintStream out) throws IOException {
        Path file = options.file().orElseThrow();
        out.printf("profile-sync local run: %s (%,d bytes)%n", file, Files.size(file));
        options.state().ifPresent(dir -> out.printf("state kept in %s: only what changed since the last run there is sent%n", dir));
        Map<String, String> settings = options.chunkBytes().map(bytes -> Map.of("PROFILE_SYNC_SPLIT_CHUNK_BYTES", bytes))
                .orElse(Map.of());
        try (LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(), settings,
                LocalPipeline.DEFAULT_VISIBILITY_SECONDS, options.state(), line -> out.println("  " + line));
                LocalFeedSite feedSite = options.etlFeed() ? new LocalFeedSite(line -> out.println("  " + line)) : null) {
            options.out().ifPresent(dir -> pipeline.logFunctionsTo(dir.resolve("logs")));
            if (feedSite != null) {
                pipeline.evergageEtlFeed(feedSite.credentials());
                out.println("evergage by the User ETL feed: files go to the in-process SFTP site " + feedSite.address());
            }
            Map<String, String> tags = new LinkedHashMap<>();
            if (options.fullResync()) {
                tags.put(SplitterService.FULL_RESYNC_TAG, "true");
            }
            if (options.dryRun()) {
                tags.put(SplitterService.DRY_RUN_TAG, "true");
            }
            // their JVMs start while the local servers come up: the splitter is up when the file is dropped, the
            // poster when its batches are queued
            pipeline.start(options.dryRun() ? new String[] {"splitter"} : new String[] {"splitter", "poster"});
            JsonNode outcome = pipeline.split(file, options.mapping(), tags);
            String runId = outcome.path("run_id").asText();
            if (SplitOutcome.CHUNKED.equals(outcome.path("status").asText())) {
                out.println(outcome.path("message").asText() + " (the file is larger than a chunk): splitting them...");
                pipeline.splitChunks(runId, line -> out.println("  " + line));
            }
            Optional<JsonNode> manifest = pipeline.readJson("runs/" + runId + "/manifest.json");
            if (manifest.isEmpty()) {
                out.println("the splitter wrote no manifest: " + outcome);
                return 1;
            }
            if (!manifest.get().path("destinations").isEmpty() && !manifest.get().path("dry_run").asBoolean()) {
                out.println("delivering (destinations simulated locally: " + pipeline.simulatedDestinations().stream()
                        .filter(destination -> feedSite == null || !destination.equals("evergage")).toList() + ")...");
                pipeline.deliver(line -> out.println("  " + line));
            }
            JsonNode report = deliveredReport(pipeline, runId, out);
            if (feedSite != null) {
                feedSite.stopFeed();
                feedSite.print(out);
                options.out().ifPresent(dir -> out.printf("  the site's files copied (%d) to %s%n", feedSite.copyTo(dir),
                        dir.resolve(LocalFeedSite.OUT_FOLDER)));
            }
            for (String destination : LocalPipeline.DESTINATIONS) {
                long dead = pipeline.deadLetters(destination);
                if (dead > 0) {
                    out.printf("  %s dead-letter queue: %d messages (their users are in the failed rows)%n", destination, dead);
                }
            }
            List<String> rejections = pipeline.readLines(manifest.get().path("rejected_rows").asText(), 5);
            if (!rejections.isEmpty()) {
                out.println("  first rejections:");
                rejections.forEach(line -> out.println("    " + line));
            }
            LocalCommands.writeReportAndOutputs(options, pipeline, report, "runs/" + runId + "/", out);
            if ("held".equals(report.path("status").asText())) {
                out.printf("run %s is held: nothing was sent. Release it with: infra/local/run release %s%s%n", runId, runId,
                        options.state().map(dir -> " --state " + dir).orElse(" --state DIR (run with --state to keep it)"));
                return 3;
            }
            return "succeeded".equals(report.path("status").asText()) ? 0 : 1;
        }
    }

    /**
     * The run's report once its queues are drained, printed with its event: the run completes by itself (its last
     * outcome, or the split with nothing to send, writes the report and publishes the event); a held run has its Run
     * Held event; a run that is not over yet is reported as it stands.
     */
    static JsonNode deliveredReport(LocalPipeline pipeline, String runId, PrintStream out) {
        Optional<JsonNode> event = pipeline.events().stream()
                .filter(entry -> runId.equals(Pipeline.parse(entry.path("Detail").asText()).path("run_id").asText()))
                .map(JsonNode.class::cast).reduce((first, later) -> later);
        JsonNode report = event.isPresent() ? pipeline.readJson("runs/" + runId + "/report.json").orElseThrow()
                : pipeline.report(runId);
        Summary.print(report, out);
        out.println(event.map(LocalRun::eventSummary)
                .orElse("  event:         none: the run is not over (a batch pending, submitted or held)"));
        return report;
    }

    /** The completion event in one line: its detail-type, and per destination what became of the users. */
    private static String eventSummary(JsonNode entry) {
        JsonNode detail = Pipeline.parse(entry.path("Detail").asText());
        StringBuilder line = new StringBuilder("  event:         " + entry.path("DetailType").asText() + " (EventBridge, source "
                + entry.path("Source").asText() + "):");
        if (detail.has("guard")) {
            return line.append(" ").append(detail.path("message").asText()).toString();
        }
        detail.path("destinations").fields().forEachRemaining(destination -> line.append(String.format(" %s %d delivered, %d failed,"
                + " %d unchanged;", destination.getKey(), destination.getValue().path("delivered").asLong(),
                destination.getValue().path("failed").asLong(), destination.getValue().path("unchanged").asLong())));
        return line.toString();
    }

    /** Command-line options. */
    record Options(String command, Optional<Path> file, Optional<Path> mapping, Optional<Path> report, Optional<Path> out,
            String format, Path runnerJar, String functionHeap, Optional<Path> state, boolean fullResync, boolean dryRun,
            Optional<String> bucket, Optional<String> runId, int limit, Optional<String> chunkBytes, boolean etlFeed,
            List<String> operands, String sync, boolean reveal) {

        static final String USAGE = """
                usage: infra/local/run FILE [--mapping M] [--state DIR] [--full-resync] [--dry-run] [--chunk-bytes N] [--evergage-delivery api|etl-feed] [--report R.json] [--out DIR]
                       infra/local/run export [--format json|csv] [--report R.json] [--out DIR]
                       infra/local/run serve [--out DIR]
                       infra/local/run runs [--state DIR | --bucket NAME] [--limit N]
                       infra/local/run show RUN_ID [--state DIR | --bucket NAME]
                       infra/local/run release RUN_ID [--state DIR | --bucket NAME]
                       infra/local/run user DESTINATION (KEY | --run RUN_ID --line N) [--sync S] [--state DIR | --bucket NAME] [--reveal]""";

        static Options parse(String[] args) {
            List<String> rest = new ArrayList<>(List.of(args));
            Optional<Path> mapping = take(rest, "--mapping").map(Path::of);
            Optional<Path> report = take(rest, "--report").map(Path::of);
            Optional<Path> out = take(rest, "--out").map(Path::of);
            String format = take(rest, "--format").orElse("json");
            String heap = take(rest, "--function-heap").orElse("512m");
            Optional<Path> state = take(rest, "--state").map(Path::of);
            boolean fullResync = rest.remove("--full-resync");
            boolean dryRun = rest.remove("--dry-run");
            Optional<String> chunkBytes = take(rest, "--chunk-bytes");
            chunkBytes.ifPresent(bytes -> {
                if (!bytes.matches("[1-9][0-9]*")) {
                    throw new IllegalArgumentException("--chunk-bytes must be a number of bytes, not '" + bytes + "'");
                }
            });
            Optional<String> evergageDelivery = take(rest, "--evergage-delivery");
            evergageDelivery.filter(delivery -> !delivery.equals("api") && !delivery.equals("etl-feed")).ifPresent(delivery -> {
                throw new IllegalArgumentException("--evergage-delivery must be api or etl-feed, not '" + delivery + "'");
            });
            boolean etlFeed = evergageDelivery.filter("etl-feed"::equals).isPresent();
            Path jar = Path.of(System.getProperty("local.runner-jar", "target/profile-sync-runner.jar"));
            Optional<String> bucket = take(rest, "--bucket");
            int limit = Integer.parseInt(take(rest, "--limit").orElse("20"));
            String sync = take(rest, "--sync").orElse("default");
            boolean reveal = rest.remove("--reveal");
            if (!rest.isEmpty() && rest.get(0).equals("user")) {
                rest.remove(0);
                Optional<String> run = take(rest, "--run");
                Optional<String> line = take(rest, "--line");
                if (run.isPresent() != line.isPresent() || (run.isPresent() ? rest.size() != 1 : rest.size() != 2)) {
                    throw new IllegalArgumentException("user needs a DESTINATION and a KEY, or a DESTINATION, --run RUN_ID and --line N");
                }
                line.filter(number -> !number.matches("[1-9][0-9]*")).ifPresent(number -> {
                    throw new IllegalArgumentException("--line must be a line number, not '" + number + "'");
                });
                if (!List.of(LocalPipeline.DESTINATIONS).contains(rest.get(0))) {
                    throw new IllegalArgumentException("unknown destination '" + rest.get(0) + "': one of "
                            + List.of(LocalPipeline.DESTINATIONS));
                }
                if (state.isPresent() && bucket.isPresent()) {
                    throw new IllegalArgumentException("--state and --bucket cannot go together");
                }
                return new Options("user", Optional.empty(), Optional.empty(), report, out, format, jar, heap, state, false,
                        false, bucket, run, limit, Optional.empty(), false, List.copyOf(line.map(number -> List.of(rest.get(0),
                                number)).orElse(rest)), sync, reveal);
            }
            if (!rest.isEmpty() && List.of("runs", "show", "release").contains(rest.get(0))) {
                String command = rest.remove(0);
                boolean needsRun = !command.equals("runs");
                if (etlFeed) {
                    throw new IllegalArgumentException("--evergage-delivery etl-feed applies to a run of a FILE, not to " + command);
                }
                if (needsRun != (rest.size() == 1) || rest.size() > 1) {
                    throw new IllegalArgumentException(needsRun ? command + " needs one RUN_ID" : "unexpected arguments " + rest);
                }
                if (state.isPresent() && bucket.isPresent()) {
                    throw new IllegalArgumentException("--state and --bucket cannot go together");
                }
                if (command.equals("release") && state.isEmpty() && bucket.isEmpty()) {
                    throw new IllegalArgumentException("release needs --state DIR (where a local run kept its state) or"
                            + " --bucket NAME (a deployed working bucket)");
                }
                return new Options(command, Optional.empty(), Optional.empty(), report, out, format, jar, heap, state, false, false,
                        bucket, rest.stream().findFirst(), limit, Optional.empty(), false, List.of(), sync, false);
            }
            if (rest.size() != 1) {
                throw new IllegalArgumentException(rest.isEmpty() ? "no input file given" : "unexpected arguments " + rest);
            }
            String command = rest.get(0);
            if (command.equals("export") || command.equals("serve")) {
                if (etlFeed) {
                    throw new IllegalArgumentException("--evergage-delivery etl-feed applies to a run of a FILE, not to " + command);
                }
                if (!format.equals("json") && !format.equals("csv")) {
                    throw new IllegalArgumentException("--format must be json or csv");
                }
                return new Options(command, Optional.empty(), mapping, report, out, format, jar, heap, Optional.empty(),
                        false, false, Optional.empty(), Optional.empty(), limit, Optional.empty(), false, List.of(), sync, false);
            }
            Path file = Path.of(command);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            mapping.filter(path -> !Files.isRegularFile(path)).ifPresent(path -> {
                throw new IllegalArgumentException("no such mapping file: " + path);
            });
            return new Options("run", Optional.of(file), mapping, report, out, format, jar, heap, state, fullResync, dryRun,
                    Optional.empty(), Optional.empty(), limit, chunkBytes, etlFeed, List.of(), sync, false);
        }

        private static Optional<String> take(List<String> args, String flag) {
            int at = args.indexOf(flag);
            if (at < 0) {
                return Optional.empty();
            }
            if (at + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args.get(at + 1);
            args.remove(at + 1);
            args.remove(at);
            return Optional.of(value);
        }
    }
}
