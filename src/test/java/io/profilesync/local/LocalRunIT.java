package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.Pipeline;

/** The contract of {@code infra/local/run}: summary, exit code, {@code --report} and {@code --out}. */
class LocalRunIT {

    /** A function's log record from profile-sync's own code, as the console shows it: {@code [function] time LEVEL [io.pr.…]}. */
    private static final Pattern OWN_RECORD = Pattern.compile("^  \\[[a-z-]+\\] \\d{2}:\\d{2}:\\d{2}\\.\\d{3} +[A-Z]+ +\\[io\\.pr\\.[^\\]]+\\] .*");

    @Test
    void aRunWritesItsReportAndCopiesEveryOutputObject(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("customers.csv"), """
                user_id,email,email_optin,first_name
                u1,ann@example.com,yes,Ann
                u2,not-an-email,no,Bob
                """);
        Path report = dir.resolve("report.json");
        Path out = dir.resolve("out");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = LocalRun.run(LocalRun.Options.parse(new String[] {file.toString(), "--report", report.toString(),
                "--out", out.toString()}), new PrintStream(console, true, StandardCharsets.UTF_8));

        assertEquals(0, exit, "rejected rows are not a failure");
        JsonNode manifest = Pipeline.JSON.readTree(report.toFile());
        assertEquals(2, manifest.get("rows").asLong());
        assertEquals(1, manifest.at("/destinations/insider/rejected").asLong());
        assertEquals(1, manifest.at("/destinations/insider/delivered").asLong(), "the accepted user reached the simulator");
        assertEquals(2, manifest.at("/destinations/xtremepush/delivered").asLong());
        assertTrue(manifest.get("complete").asBoolean());
        String runId = manifest.get("run_id").asText();
        Path runDir = out.resolve(LocalPipeline.BUCKET).resolve("runs").resolve(runId);
        assertTrue(Files.isRegularFile(runDir.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(runDir.resolve("report.json")));
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("<svg"), "the run report for people");
        assertTrue(Files.isRegularFile(runDir.resolve("outcomes/insider/users-000001.json")));
        assertTrue(Files.readString(runDir.resolve("rejected-rows.jsonl")).contains("\"line\":3"));
        try (Stream<Path> batches = Files.walk(runDir.resolve("batches"))) {
            assertEquals(3, batches.filter(Files::isRegularFile).count(), "one batch per destination");
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("SUCCEEDED") && printed.contains("insider"), printed);
        assertTrue(printed.contains("report.html: " + runDir.resolve("report.html")), "where to open the run report: " + printed);
        Path logs = out.resolve("logs");
        assertTrue(Files.readString(logs.resolve("splitter.log")).contains("as run " + runId), "the splitter's raw output");
        String posterLog = Files.readString(logs.resolve("poster.log"));
        assertTrue(posterLog.contains("\"UsersDelivered\"") && posterLog.contains("\"_aws\""), "metric lines are kept: " + posterLog);
        assertFalse(printed.contains("\"_aws\"") || printed.contains("as run " + runId), "the console shows no metric and no INFO line: " + printed);
        assertTrue(printed.contains("event:         Run Completed"), "the completion event's summary: " + printed);
        try (Stream<Path> events = Files.list(out.resolve("events"))) {
            JsonNode event = Pipeline.JSON.readTree(events.filter(path -> path.toString().endsWith("run-completed.json"))
                    .findFirst().orElseThrow().toFile());
            assertEquals("profile-sync", event.get("Source").asText());
            assertEquals(runId, Pipeline.parse(event.get("Detail").asText()).get("run_id").asText());
        }
    }

    /**
     * A run that crosses its sync's guard is held (exit 3, nothing delivered, the release command printed); {@code release}
     * in another process over the kept state delivers it; releasing it again is refused in one line.
     */
    @Test
    void aHeldRunIsReleasedByTheReleaseCommandOverAKeptState(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Path file = Files.writeString(dir.resolve("customers.csv"), """
                user_id,email,email_optin,first_name
                u1,ann@example.com,yes,Ann
                u2,bob@example.com,no,Bob
                """);
        Path mapping = Files.writeString(dir.resolve("guarded.yaml"), "guards: {min_rows: 3}\n");
        Path report = dir.resolve("held.json");
        ByteArrayOutputStream split = new ByteArrayOutputStream();

        int held = LocalRun.run(LocalRun.Options.parse(new String[] {file.toString(), "--mapping", mapping.toString(),
                "--state", state.toString(), "--report", report.toString()}), new PrintStream(split, true, StandardCharsets.UTF_8));

        String printed = split.toString(StandardCharsets.UTF_8);
        assertEquals(3, held, printed);
        JsonNode heldReport = Pipeline.JSON.readTree(report.toFile());
        String runId = heldReport.get("run_id").asText();
        assertEquals("held", heldReport.get("status").asText());
        for (String destination : LocalPipeline.DESTINATIONS) {
            assertEquals(0, heldReport.at("/destinations/" + destination + "/delivered").asLong(), destination + ": nothing sent");
        }
        assertTrue(printed.contains("run " + runId + ": HELD") && printed.contains("held:    2 rows is fewer than min_rows 3")
                && printed.contains("event:         Run Held (EventBridge, source profile-sync): 2 rows is fewer than min_rows 3"),
                printed);
        assertTrue(printed.contains("Release it with: infra/local/run release " + runId + " --state " + state), printed);

        ByteArrayOutputStream release = new ByteArrayOutputStream();
        int released = LocalCommands.release(LocalRun.Options.parse(new String[] {"release", runId, "--state", state.toString()}),
                new PrintStream(release, true, StandardCharsets.UTF_8));

        String releasing = release.toString(StandardCharsets.UTF_8);
        assertEquals(0, released, releasing);
        assertTrue(releasing.contains("run " + runId + " released: 3 batch messages queued"), releasing);
        assertTrue(releasing.contains("run " + runId + ": RELEASED") && releasing.contains("event:         Run Completed"),
                releasing);
        assertTrue(releasing.contains("complete: every accepted user is delivered"), releasing);

        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        assertEquals(1, LocalCommands.release(LocalRun.Options.parse(new String[] {"release", "no-such-run", "--state",
                state.toString()}), new PrintStream(unknown, true, StandardCharsets.UTF_8)));
        assertTrue(unknown.toString(StandardCharsets.UTF_8).contains("no run no-such-run in s3://"), unknown.toString());
    }

    /** Two runs in separate processes over one kept state: payloads must hash the same in every JVM. */
    @Test
    void aSecondRunOverAKeptStateSendsOnlyTheDifference(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Path monday = Files.writeString(dir.resolve("customers.csv"), """
                user_id,email,email_optin,first_name,city
                u1,ann@example.com,yes,Ann,Paris
                u2,bob@example.com,no,Bob,Rome
                u3,cleo@example.com,yes,Cleo,Oslo
                """);
        assertEquals(0, LocalRun.run(LocalRun.Options.parse(new String[] {monday.toString(), "--state", state.toString()}),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        Files.writeString(monday, """
                user_id,email,email_optin,first_name,city
                u1,ann@example.com,yes,Ann,Paris
                u2,bob@example.com,no,Bob,Milan
                u3,cleo@example.com,yes,Cleo,Oslo
                u4,dee@example.com,yes,Dee,Cork
                """);
        Path report = dir.resolve("tuesday.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = LocalRun.run(LocalRun.Options.parse(new String[] {monday.toString(), "--state", state.toString(),
                "--report", report.toString()}), new PrintStream(console, true, StandardCharsets.UTF_8));

        assertEquals(0, exit, console.toString(StandardCharsets.UTF_8));
        JsonNode tuesday = Pipeline.JSON.readTree(report.toFile());
        for (String destination : new String[] {"insider", "xtremepush", "evergage"}) {
            JsonNode counts = tuesday.at("/destinations/" + destination);
            assertEquals("1 1 2 2", counts.get("new").asLong() + " " + counts.get("changed").asLong() + " "
                    + counts.get("unchanged").asLong() + " " + counts.get("delivered").asLong(), destination + ": " + counts);
            assertTrue(counts.get("complete").asBoolean(), counts.toString());
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("unchanged") && printed.contains("state kept in"), printed);

        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        assertEquals(0, LocalCommands.history(LocalRun.Options.parse(new String[] {"runs", "--state", state.toString()}),
                new PrintStream(runs, true, StandardCharsets.UTF_8)));
        List<String> listed = runs.toString(StandardCharsets.UTF_8).lines().skip(1).toList();
        assertEquals(2, listed.size(), runs.toString(StandardCharsets.UTF_8));
        String tuesdayId = tuesday.get("run_id").asText();
        assertTrue(listed.get(0).contains(tuesdayId) && listed.get(0).contains("succeeded, complete"), "newest first: " + listed);
        ByteArrayOutputStream show = new ByteArrayOutputStream();
        assertEquals(0, LocalCommands.history(LocalRun.Options.parse(new String[] {"show", tuesdayId, "--state", state.toString()}),
                new PrintStream(show, true, StandardCharsets.UTF_8)));
        String shown = show.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("run " + tuesdayId + ": SUCCEEDED") && shown.contains("event:         Run Completed"), shown);
    }

    /**
     * A semicolon file, a {@code .tsv} and a declared Windows-1252 file, run after the plain CSV over its kept state,
     * find every user unchanged: they deliver the plain file's values (docs/input-files.md).
     */
    @Test
    void otherDialectsAndEncodingsDeliverThePlainCsvsValues(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        String plain = """
                user_id,email,email_optin,first_name,city
                u1,ann@example.com,yes,Zoë,"Saint-Denis, Paris"
                u2,bob@example.com,no,Bob,Köln
                u3,cleo@example.com,yes,Cléo €,Oslo
                """;
        assertEquals(0, LocalRun.run(LocalRun.Options.parse(new String[] {Files.writeString(dir.resolve("plain.csv"), plain)
                .toString(), "--state", state.toString()}), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        // a semicolon file in Windows-1252 (as Excel writes it in much of Europe) and a .tsv; DialectsRunTest plays
        // every dialect and encoding through the real triggers
        String semicolon = plain.replace(',', ';').replace("Saint-Denis; Paris", "Saint-Denis, Paris");
        Path windows1252 = Files.write(dir.resolve("legacy.csv"), semicolon.getBytes(java.nio.charset.Charset.forName("windows-1252")));
        Path mapping = Files.writeString(dir.resolve("legacy.yaml"), "csv:\n  encoding: windows-1252\n");
        List<String[]> runs = List.of(
                new String[] {Files.writeString(dir.resolve("tabs.tsv"), plain.replace(',', '\t')
                        .replace("\"Saint-Denis\t Paris\"", "Saint-Denis, Paris")).toString()},
                new String[] {windows1252.toString(), "--mapping", mapping.toString()});
        for (String[] run : runs) {
            Path report = dir.resolve("report.json");
            List<String> args = new java.util.ArrayList<>(List.of(run));
            args.addAll(List.of("--state", state.toString(), "--report", report.toString()));
            ByteArrayOutputStream console = new ByteArrayOutputStream();

            assertEquals(0, LocalRun.run(LocalRun.Options.parse(args.toArray(String[]::new)),
                    new PrintStream(console, true, StandardCharsets.UTF_8)), console.toString(StandardCharsets.UTF_8));

            JsonNode manifest = Pipeline.JSON.readTree(report.toFile());
            for (String destination : new String[] {"insider", "xtremepush", "evergage"}) {
                JsonNode counts = manifest.at("/destinations/" + destination);
                assertEquals("3 0 0 3", counts.get("accepted").asLong() + " " + counts.get("new").asLong() + " "
                        + counts.get("changed").asLong() + " " + counts.get("unchanged").asLong(), run[0] + ", " + destination);
            }
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("read as: delimiter"), console.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code --evergage-delivery etl-feed}: the example's Personalization users reach the in-process SFTP site as one
     * feed file that its feed takes into {@code processed}, with exactly the accepted users; every row ends in one
     * outcome.
     */
    @Test
    void theExampleByTheEtlFeedLandsInProcessedWithItsAcceptedUsers(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Path out = dir.resolve("out");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = LocalRun.run(LocalRun.Options.parse(new String[] {"examples/customers.csv", "--mapping",
                "examples/mapping.yaml", "--evergage-delivery", "etl-feed", "--report", report.toString(), "--out",
                out.toString()}), new PrintStream(console, true, StandardCharsets.UTF_8));

        String printed = console.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        JsonNode evergage = Pipeline.JSON.readTree(report.toFile()).at("/destinations/evergage");
        Path site = out.resolve(LocalFeedSite.OUT_FOLDER);
        assertTrue(Files.isDirectory(site.resolve("processed")), "the feed processed no file: " + printed);
        List<Path> processed;
        try (Stream<Path> files = Files.list(site.resolve("processed"))) {
            processed = files.toList();
        }
        assertEquals(1, processed.size(), "one feed file for the run's one batch: " + processed);
        String name = processed.get(0).getFileName().toString();
        assertTrue(name.matches("user-\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}\\.csv"), name);
        assertFalse(Files.exists(site.resolve("failed")) || Files.exists(site.resolve("Inbound").resolve(name)));
        List<String> rows = Files.readString(processed.get(0), StandardCharsets.UTF_8).lines().toList();
        assertTrue(rows.get(0).startsWith("userId,attribute:"), "the feed's header: " + rows.get(0));
        assertEquals(List.of("u-1001", "u-1002", "u-1003"), rows.subList(1, rows.size()).stream()
                .map(row -> row.substring(0, row.indexOf(','))).sorted().toList(), "the accepted users, once each");
        assertEquals(3, evergage.get("accepted").asLong(), evergage.toString());
        assertEquals(3, evergage.get("delivered").asLong(), "confirmed by the folder the file moved to: " + evergage);
        assertEquals(5, evergage.get("accepted").asLong() + evergage.get("rejected").asLong()
                + evergage.get("superseded").asLong(), "every row ends in one outcome: " + evergage);
        assertEquals(evergage.get("accepted").asLong(), evergage.get("delivered").asLong() + evergage.get("failed").asLong()
                + evergage.get("unconfirmed").asLong() + evergage.get("unchanged").asLong(), evergage.toString());
        assertTrue(printed.contains("processed: " + name) && printed.contains("users held by the feed: 3"), printed);
    }

    @Test
    void aFileLevelErrorFailsTheRun(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = LocalRun.run(LocalRun.Options.parse(new String[] {empty.toString()}),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertEquals(1, exit);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("the file is empty"));
    }

    @Test
    void anExportAgainstARealEvergageWithoutCredentialsIsOnePlainLineAndNothingRuns() throws Exception {
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRun.class.getName(), "export").redirectErrorStream(true);
        command.environment().put("QUARKUS_REST_CLIENT_EVERGAGE_URL", "https://acme.us-1.evergage.com");
        command.environment().remove("PROFILE_SYNC_EVERGAGE_API_KEY_ID");
        command.environment().remove("PROFILE_SYNC_EVERGAGE_API_KEY_SECRET");
        command.environment().remove("PROFILE_SYNC_EVERGAGE_SECRET_ID");
        Process process = command.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(2, process.waitFor(), printed);
        assertEquals(1, printed.lines().count(), "one line: " + printed);
        assertTrue(printed.contains("PROFILE_SYNC_EVERGAGE_API_KEY_ID") && printed.contains("PROFILE_SYNC_EVERGAGE_API_KEY_SECRET"),
                printed);
    }

    @Test
    void theReadmesFirstCommandRunsOnTheShippedExampleAsWritten(@TempDir Path dir) throws Exception {
        String command = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("infra/local/run examples/")).findFirst().orElseThrow();
        String[] args = command.substring("infra/local/run ".length()).split(" ");
        Path report = dir.resolve("report.json");
        String[] withReport = java.util.stream.Stream.concat(java.util.Arrays.stream(args), Stream.of("--report", report.toString()))
                .toArray(String[]::new);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = LocalRun.run(LocalRun.Options.parse(withReport), new PrintStream(console, true, StandardCharsets.UTF_8));

        assertEquals(0, exit, console.toString(StandardCharsets.UTF_8));
        JsonNode run = Pipeline.JSON.readTree(report.toFile());
        assertEquals(5, run.get("rows").asLong());
        assertTrue(run.at("/destinations/insider/rejected").asLong() >= 2, "bad email and bad age: " + run);
        assertEquals(2, run.at("/destinations/evergage/rejected").asLong(), "no name, and the age typed as a number in the mapping: " + run);
        assertTrue(run.at("/destinations/insider/delivered").asLong() >= 1, run.toString());
        assertEquals(run.at("/destinations/xtremepush/accepted").asLong(), run.at("/destinations/xtremepush/delivered").asLong());
        assertTrue(run.get("complete").asBoolean(), run.toString());
        List<String> functionLines = console.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("  [")).toList();
        assertFalse(functionLines.isEmpty(), "the rejections are shown");
        functionLines.forEach(line -> assertTrue(OWN_RECORD.matcher(line).matches(),
                "only profile-sync's own log records reach the console (no JVM note, Quarkus banner or library warning): " + line));
    }
}
