package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.simulator.Fault;
import io.profilesync.testing.Fixtures;
import io.profilesync.testing.Pipeline;
import io.profilesync.destination.evergage.SimulatedEvergage;

/**
 * Every packaged function, run through its real trigger on the local pipeline, records the IAM permission of
 * every AWS call it makes ({@code testing.SdkCallRecorder}); those must be exactly the function's entries in
 * {@code terraform/tests/function-permissions.json}, which Terraform's own test ({@code terraform test}) holds
 * each deployed role to. A call the code makes that the file lacks fails here; a permission the file grants that
 * no path uses fails here too. The paths exercised include the failure ones (a batch retried by a later
 * delivery, a {@code Retry-After} longer than the invocation, an asynchronous import, a batch refused as a whole
 * and split, an aborted export, a split that failed on every attempt).
 */
class FunctionPermissionsIT {

    private static final Path PERMISSIONS = Path.of("terraform/tests/function-permissions.json");
    /** The functions' own log lines, kept for a failure's diagnosis. */
    private static final FunctionLog FUNCTION_LOG = new FunctionLog(Path.of("target/function-permissions-it.log"));

    @Test
    void everyFunctionMakesExactlyTheCallsItsRoleAllows(@TempDir Path dir) throws Exception {
        Path calls = Files.createDirectories(dir.resolve("calls"));
        Map<String, String> settings = new TreeMap<>(LocalPipeline.everyDestination(Map.of("MAX_RETRIES", "1",
                "INITIAL_BACKOFF", "10ms", "ATTEMPT_TIMEOUT", "3s")));
        settings.put("PROFILE_SYNC_POSTER_TIME_BUDGET", "5s");
        // the files of up to 120 users are split in one piece, the larger ones below in chunks
        settings.put("PROFILE_SYNC_SPLIT_CHUNK_BYTES", "8192");
        // and their reduce fanned out in several groups of partitions
        settings.put("PROFILE_SYNC_SPLIT_REDUCE_GROUP_BYTES", "20000");
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "256m",
                settings, FUNCTION_LOG::append)) {
            pipeline.recordSdkCalls(calls);
            StringBuilder csv = new StringBuilder("user_id,email,email_optin,first_name\n");
            for (int user = 1; user <= 120; user++) {
                csv.append("u").append(user).append(",user").append(user).append("@example.com,yes,Name\n");
            }
            // u2 twice: every run of these files has a superseded row, which its report reads for the outcome table
            csv.append("u2,user2@example.com,yes,Name\n");
            JsonNode split = pipeline.split(Files.writeString(dir.resolve("customers.csv"), csv), Optional.empty());
            String runId = split.path("run_id").asText();

            // insider fails past its in-invocation retries (a later delivery takes its claim again); every destination asks
            // for a Retry-After longer than the invocation can wait (the message comes back after it: a visibility
            // change on that destination's queue); insider and evergage then refuse the batch as a whole (it is split: its
            // halves are stored and queued on that destination's queue), and xtremepush's import of 100 rows or more is a
            // task (its check is a delayed message on its queue). So each SQS action is made on every destination's queue.
            // Only this run's batches meet these faults: the callback replay's batch is queued after they are delivered.
            pipeline.simulator().inject("insider", Fault.status(503), Fault.status(503), Fault.tooManyRequests(4), Fault.status(400));
            pipeline.simulator().inject("xtremepush", Fault.tooManyRequests(10));
            pipeline.simulator().inject("evergage", Fault.tooManyRequests(4), Fault.status(400));
            pipeline.deliver(progress -> { });
            JsonNode report = pipeline.report(runId);
            assertTrue(report.path("complete").asBoolean(), report.toString());

            // a callback naming a batch the run sent, and one naming a batch it never sent (kept, never replayed); the
            // replay's batch is delivered; then a callback naming the replay's own batch is replayed (its place is read)
            callback(pipeline, runId, 1);
            callback(pipeline, runId, 999);
            String replayed = pipeline.invoke("replay", "{\"prefix\":\"callbacks/\"}").path("run_id").asText();
            pipeline.invoke("callbacks-report", "{\"prefix\":\"callbacks/\"}");
            pipeline.deliver(progress -> { });
            callback(pipeline, replayed, 1);
            pipeline.invoke("replay", "{\"prefix\":\"callbacks/\"}");
            pipeline.deliver(progress -> { });

            // two more files of the same sync: the second folds the first run's answers into the state, the third
            // folds the second's and replaces the partitions it wrote
            // (the second also changes one user's email under the same key: the splitter names it in identifier-changes)
            for (String name : List.of("Changed", "Again")) {
                String file = csv.toString().replace(",Name\n", "," + name + "\n");
                pipeline.split(Files.writeString(dir.resolve("customers.csv"), name.equals("Changed") ? file
                        .replace("u1,user1@example.com,", "u1,user1-new@example.com,") : file), Optional.empty());
                pipeline.deliver(progress -> { });
            }
            // two files of the sync split before either is delivered: the older run's posts leave out the users the
            // newer one holds (they read its held users)
            for (String name : List.of("Older", "Newer")) {
                pipeline.split(Files.writeString(dir.resolve("customers.csv"), csv.toString().replace(",Name\n", "," + name + "\n")),
                        Optional.empty());
            }
            pipeline.deliver(progress -> { });
            // a larger file of the same sync is split in chunks (the last chunk folds the state and queues the batches);
            // the same file again changes nothing, so its last chunk completes the run itself
            StringBuilder large = new StringBuilder(csv.toString().replace(",Name\n", ",Again\n"));
            for (int user = 121; user <= 400; user++) {
                large.append("u").append(user).append(",user").append(user).append("@example.com,yes,Name\n");
            }
            for (int run = 0; run < 2; run++) {
                Path file = Files.writeString(dir.resolve("customers-" + run + ".csv"), large);
                JsonNode chunked = pipeline.split(file, Optional.empty());
                assertEquals("chunked", chunked.path("status").asText());
                pipeline.splitChunks(chunked.path("run_id").asText(), progress -> { });
                pipeline.deliver(progress -> { });
            }
            // guards (docs/sync.md, "Guards"): a file of a guarded sync under its min_rows is held (its messages kept) and the
            // report function releases it; a file within them queues the messages it kept, in one piece and in chunks
            pipeline.put("mappings/guarded.yaml", "guards: {min_rows: 130}\n".getBytes(StandardCharsets.UTF_8));
            pipeline.put("incoming/guarded/held.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
            String held = pipeline.splitUploaded("incoming/guarded/held.csv").path("run_id").asText();
            assertEquals("held", pipeline.readJson("runs/" + held + "/manifest.json").orElseThrow().path("status").asText());
            assertTrue(pipeline.release(held).path("released").asBoolean());
            pipeline.deliver(progress -> { });
            StringBuilder within = new StringBuilder(csv);
            for (int user = 121; user <= 140; user++) {
                within.append("u").append(user).append(",user").append(user).append("@example.com,yes,Name\n");
            }
            pipeline.put("incoming/guarded/within.csv", within.toString().getBytes(StandardCharsets.UTF_8));
            assertEquals("succeeded", pipeline.splitUploaded("incoming/guarded/within.csv").path("status").asText());
            pipeline.deliver(progress -> { });
            pipeline.put("incoming/guarded/large.csv", large.toString().getBytes(StandardCharsets.UTF_8));
            JsonNode chunkedWithin = pipeline.splitUploaded("incoming/guarded/large.csv");
            assertEquals("chunked", chunkedWithin.path("status").asText());
            pipeline.splitChunks(chunkedWithin.path("run_id").asText(), progress -> { });
            pipeline.deliver(progress -> { });

            // a split with nothing to deliver completes its run itself (here a failed one: an empty file); the report
            // function completes a run whose completion was never recorded (as after a failed publish)
            assertEquals("failed", pipeline.split(Files.writeString(dir.resolve("empty.csv"), ""), Optional.empty())
                    .path("status").asText());
            pipeline.deleteObject("runs/" + runId + "/completion.json");
            pipeline.report(runId);
            // a split that fails on every attempt (S3 refuses to read the file): its invocation record goes to the
            // split-failures function, which fails its run
            pipeline.restart("splitter", Map.of("PROFILE_SYNC_TEST_S3_FAIL_GET_OBJECT_PREFIX", "incoming/"));
            assertEquals("failed", pipeline.split(Files.writeString(dir.resolve("refused.csv"), csv), Optional.empty())
                    .path("status").asText());

            pipeline.simulator().destination(SimulatedEvergage.class).export().configure(50, 0, 100);
            assertEquals("succeeded", pipeline.export(scheduleEvent()).path("status").asText());
            // S3 refuses the export's upload: the invocation fails (so the scheduler's retry policy applies), the
            // upload is aborted and only a failed manifest is left
            pipeline.restart("export", Map.of("PROFILE_SYNC_TEST_S3_FAIL_UPLOAD_PART", "true"));
            List<String> exportsBefore = pipeline.keys("exports/");
            LambdaProcess.FunctionError failedExport = assertThrows(LambdaProcess.FunctionError.class,
                    () -> pipeline.export(scheduleEvent()));
            assertTrue(failedExport.errorMessage() != null && !failedExport.errorMessage().isBlank(), failedExport.toString());
            List<String> written = pipeline.keys("exports/").stream().filter(key -> !exportsBefore.contains(key)).toList();
            assertEquals(1, written.size(), "only the failed export's manifest: " + written);
            assertTrue(written.get(0).endsWith(".manifest.json"), written.toString());
            assertEquals("failed", pipeline.readJson(written.get(0)).orElseThrow().path("status").asText());
        }

        JsonNode expected = Pipeline.JSON.readTree(PERMISSIONS.toFile()).get("functions");
        Set<String> functions = new TreeSet<>();
        expected.fieldNames().forEachRemaining(functions::add);
        for (String function : functions) {
            Set<String> allowed = new TreeSet<>();
            expected.get(function).forEach(permission -> allowed.add(permission.asText()));
            Path log = calls.resolve(function + ".txt");
            Set<String> made = Files.exists(log) ? new TreeSet<>(Files.readAllLines(log)) : Set.of();
            assertEquals(allowed, made, function + ": the permissions of its role (" + PERMISSIONS
                    + ") against the calls it made (the functions' log: " + FUNCTION_LOG.file() + ")");
        }
    }

    private static String scheduleEvent() throws Exception {
        ObjectNode event = (ObjectNode) Pipeline.JSON.readTree(Fixtures.event("eventbridge-scheduler.json"));
        event.put("detail", "{\"format\":\"json\",\"pageSize\":20}");
        return event.toString();
    }

    /** Insider calls back about a batch of a run, through the local API Gateway: the callbacks function stores it. */
    private static void callback(LocalPipeline pipeline, String runId, int batch) throws Exception {
        try (LocalApiGateway gateway = new LocalApiGateway(pipeline::callback)) {
            HttpResponse<String> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.url()
                    + "/callbacks/insider/" + LocalPipeline.CALLBACK_SECRET + "?run=" + runId + "&batch=" + batch))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"users\":[{\"identifiers\":{\"uuid\":\"u1\"},"
                            + "\"attributes\":{\"name\":\"Ann\"}}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, stored.statusCode(), stored.body());
        }
    }
}
