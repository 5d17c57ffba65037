package io.profilesync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code infra/local/run FILE [--mapping M] [--report R.json] [--out DIR]}: runs the pipeline on one file on
 * this machine and prints what became of it. Exits 0 when the run succeeded (rejected rows are not a
 * failure), 1 when it failed, 2 on a usage error.
 */
public final class LocalRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRun() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out));
    }

    static int run(Options options, PrintStream out) throws IOException {
        out.printf("profile-sync local run: %s (%,d bytes)%n", options.file(), Files.size(options.file()));
        try (LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(),
                line -> out.println("  " + line))) {
            JsonNode outcome = pipeline.split(options.file(), options.mapping());
            String runId = outcome.path("run_id").asText();
            Optional<JsonNode> manifest = pipeline.readJson("runs/" + runId + "/manifest.json");
            if (manifest.isEmpty()) {
                out.println("the splitter wrote no manifest: " + outcome);
                return 1;
            }
            JsonNode report = manifest.get();
            if (!manifest.get().path("vendors").isEmpty()) {
                out.println("delivering (vendors simulated locally: " + pipeline.simulatedVendors() + ")...");
                pipeline.deliver(line -> out.println("  " + line));
                report = pipeline.report(runId);
            }
            Summary.print(report, out);
            for (String vendor : LocalPipeline.VENDORS) {
                long dead = pipeline.deadLetters(vendor);
                if (dead > 0) {
                    out.printf("  %s dead-letter queue: %d messages (their users are in the failed rows)%n", vendor, dead);
                }
            }
            List<String> rejections = pipeline.readLines(manifest.get().path("rejected_rows").asText(), 5);
            if (!rejections.isEmpty()) {
                out.println("  first rejections:");
                rejections.forEach(line -> out.println("    " + line));
            }
            if (options.report().isPresent()) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(options.report().get().toFile(), report);
                out.println("report: " + options.report().get());
            }
            if (options.out().isPresent()) {
                int copied = pipeline.copyOut("runs/" + runId + "/", options.out().get());
                out.printf("outputs: %d objects under %s%n", copied, options.out().get().resolve(LocalPipeline.BUCKET));
            }
            return "succeeded".equals(report.path("status").asText()) ? 0 : 1;
        }
    }

    /** Command-line options. */
    record Options(Path file, Optional<Path> mapping, Optional<Path> report, Optional<Path> out, Path runnerJar,
            String functionHeap) {

        static final String USAGE = "usage: infra/local/run FILE [--mapping M] [--report R.json] [--out DIR]";

        static Options parse(String[] args) {
            List<String> rest = new ArrayList<>(List.of(args));
            Optional<Path> mapping = take(rest, "--mapping");
            Optional<Path> report = take(rest, "--report");
            Optional<Path> out = take(rest, "--out");
            String heap = take(rest, "--function-heap").map(Path::toString).orElse("512m");
            Path jar = Path.of(System.getProperty("profile-sync.runner-jar", "target/profile-sync-runner.jar"));
            if (rest.size() != 1) {
                throw new IllegalArgumentException(rest.isEmpty() ? "no input file given" : "unexpected arguments " + rest);
            }
            Path file = Path.of(rest.get(0));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            mapping.filter(path -> !Files.isRegularFile(path)).ifPresent(path -> {
                throw new IllegalArgumentException("no such mapping file: " + path);
            });
            return new Options(file, mapping, report, out, jar, heap);
        }

        private static Optional<Path> take(List<String> args, String flag) {
            int at = args.indexOf(flag);
            if (at < 0) {
                return Optional.empty();
            }
            if (at + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            Path value = Path.of(args.get(at + 1));
            args.remove(at + 1);
            args.remove(at);
            return Optional.of(value);
        }
    }
}
