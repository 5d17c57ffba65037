package io.profilesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.KeyHashes;
import io.profilesync.batching.LineRanges;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.run.BatchOutcome;
import io.profilesync.run.BatchOutcome.FailedUser;
import io.profilesync.run.RunKeys;
import io.profilesync.storage.ObjectStore;
import io.profilesync.testing.LocalAws;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * For any run (batches delivered, partly or wholly failed, unconfirmed, pending, held, stale or split in parts, users
 * left out for a newer run, rows rejected for one or several rules, superseded rows), the outcome table
 * the reporter writes holds each user once, and its rows per outcome add up to the run report's counts. Against
 * LocalS3, through the reporter itself.
 */
class OutcomeTableProperties {

    private static final String BUCKET = "work";
    private static final List<String> DESTINATIONS = List.of("insider", "xtremepush");
    private static final List<String> STATUSES = List.of(BatchOutcome.DELIVERED, BatchOutcome.PARTIAL, BatchOutcome.FAILED,
            BatchOutcome.UNCONFIRMED, BatchOutcome.PENDING, BatchOutcome.HELD, BatchOutcome.STALE, BatchOutcome.SPLIT);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static LocalAws aws;
    private static S3Client s3;
    private static ObjectStore store;

    @BeforeContainer
    static void startS3() {
        aws = LocalAws.start();
        aws.createBucket(BUCKET);
        s3 = S3Client.builder().endpointOverride(URI.create(aws.s3Endpoint())).forcePathStyle(true)
                .region(Region.of(LocalAws.REGION)).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY))).build();
        store = new ObjectStore(s3, JSON);
    }

    @AfterContainer
    static void stopS3() {
        s3.close();
        aws.close();
    }

    /** One batch: its status, users, how many of them failed, and how many a newer run held. */
    record BatchSpec(String status, int items, int failed, int stale) {
    }

    /** What one destination made of the run's rows. */
    record DestinationSpec(List<BatchSpec> batches, List<Integer> rejectedRules, int superseded) {
    }

    @Property(tries = 40)
    void theTablesRowsPerRunAddUpToTheReportsCounts(@ForAll("destinationSpec") DestinationSpec insider,
            @ForAll("destinationSpec") DestinationSpec xtremepush) {
        String runId = "run-" + RUNS.incrementAndGet();
        RunKeys keys = new RunKeys("runs/", runId);
        Map<String, DestinationSpec> specs = Map.of("insider", insider, "xtremepush", xtremepush);
        ObjectNode manifest = JSON.createObjectNode().put("run_id", runId).put("status", "succeeded").put("sync", "crm/eu")
                .put("started_at", "2026-11-30T23:59:59Z").put("rejected_rows", keys.rejectedRows());
        manifest.putObject("source").put("bucket", "drop").put("key", "incoming/crm/eu/f.csv");
        StringBuilder rejected = new StringBuilder();
        StringBuilder superseded = new StringBuilder();
        for (String destination : DESTINATIONS) {
            DestinationSpec spec = specs.get(destination);
            long line = 2;
            int number = 1;
            for (BatchSpec batch : spec.batches()) {
                line = store(keys, destination, number++, batch, line);
            }
            for (int rules : spec.rejectedRules()) {
                for (int rule = 0; rule < rules; rule++) {
                    rejected.append(JSON.createObjectNode().put("line", line).put("destination", destination).put("field", "f" + rule)
                            .put("rule", "required").put("message", "***")).append('\n');
                }
                line++;
            }
            for (int i = 0; i < spec.superseded(); i++) {
                superseded.append(JSON.createObjectNode().put("line", line++).put("destination", destination).put("superseded_by", 1))
                        .append('\n');
            }
        }
        ObjectNode destinations = manifest.putObject("destinations");
        for (String destination : DESTINATIONS) {
            DestinationSpec spec = specs.get(destination);
            destinations.putObject(destination).put("rejected", spec.rejectedRules().size()).put("superseded", spec.superseded())
                    .put("accepted", 0).put("unchanged", 0);
        }
        store.putJson(BUCKET, keys.manifest(), manifest);
        store.put(BUCKET, keys.rejectedRows(), bytes(rejected), ObjectStore.JSON_LINES);
        store.put(BUCKET, keys.supersededRows(), bytes(superseded), ObjectStore.JSON_LINES);

        JsonNode report = new RunReporter(store, JSON, config()).report(BUCKET, runId);

        for (String destination : DESTINATIONS) {
            List<JsonNode> rows = rows("tables/outcomes/sync=crm/eu/destination=" + destination + "/date=2026-11-30/" + runId + ".json.gz");
            Map<String, Long> byOutcome = rows.stream().collect(Collectors.groupingBy(row -> row.get("outcome").asText(),
                    TreeMap::new, Collectors.counting()));
            JsonNode counts = report.at("/destinations/" + destination);
            for (String outcome : List.of("delivered", "failed", "unconfirmed", "stale", "rejected", "superseded")) {
                assertEquals(counts.get(outcome).asLong(), byOutcome.getOrDefault(outcome, 0L), destination + " " + outcome + ": "
                        + byOutcome + " against " + counts);
            }
            long open = specs.get(destination).batches().stream().filter(batch -> batch.status().equals(BatchOutcome.PENDING)
                    || batch.status().equals(BatchOutcome.HELD)).mapToLong(BatchSpec::items).sum();
            assertEquals(open, byOutcome.getOrDefault("pending", 0L) + byOutcome.getOrDefault("held", 0L), destination + ": " + byOutcome);
            List<Long> lines = rows.stream().filter(row -> !row.get("line").isNull()).map(row -> row.get("line").asLong()).toList();
            assertEquals(lines.size(), new HashSet<>(lines).size(), destination + ": each user once: " + lines);
            assertTrue(rows.stream().filter(row -> !Set.of("rejected", "superseded").contains(row.get("outcome").asText()))
                    .allMatch(row -> row.get("key_hash").asLong() == row.get("line").asLong() * 31), destination + ": each user its own key hash");
        }
    }

    /** Stores the outcome(s) of one batch whose users start at {@code line}; answers the next free line. */
    private static long store(RunKeys keys, String destination, int number, BatchSpec batch, long line) {
        boolean none = batch.status().equals(BatchOutcome.STALE);
        int posted = none ? 0 : batch.items();
        long[] lines = LongStream.range(line, line + posted).toArray();
        long[] stale = LongStream.range(line + posted, line + posted + batch.stale()).toArray();
        String reason = batch.status().equals(BatchOutcome.DELIVERED) ? null : "why " + batch.status();
        if (batch.status().equals(BatchOutcome.SPLIT)) {
            put(keys, destination, number, null, BatchOutcome.SPLIT, new long[0], 0, 0, stale, reason, lines);
            int half = posted / 2;
            put(keys, destination, number, "1", BatchOutcome.DELIVERED, java.util.Arrays.copyOfRange(lines, 0, half), 0, 0,
                    new long[0], null, null);
            put(keys, destination, number, "2", BatchOutcome.PARTIAL, java.util.Arrays.copyOfRange(lines, half, posted),
                    Math.min(1, posted - half), 0, new long[0], "refused", null);
        } else {
            int failed = batch.status().equals(BatchOutcome.FAILED) ? posted : batch.failed();
            int unconfirmed = batch.status().equals(BatchOutcome.UNCONFIRMED) ? posted - failed : 0;
            put(keys, destination, number, null, batch.status(), lines, failed, unconfirmed, stale, reason, null);
        }
        return line + posted + batch.stale();
    }

    private static void put(RunKeys keys, String destination, int number, String part, String status, long[] lines, int failed,
            int unconfirmed, long[] stale, String reason, long[] splitLines) {
        List<FailedUser> failures = new ArrayList<>();
        for (int i = 0; i < failed; i++) {
            failures.add(new FailedUser(lines[i], "refused " + i));
        }
        boolean counted = !Set.of(BatchOutcome.PENDING, BatchOutcome.HELD, BatchOutcome.SPLIT, BatchOutcome.STALE).contains(status);
        long[] carried = splitLines == null ? lines : splitLines;
        BatchOutcome outcome = new BatchOutcome(keys.runId(), destination, "users", number, status, lines.length + stale.length,
                counted ? lines.length - failed - unconfirmed : 0, failed, unconfirmed, 0, failures, 200, null, 1, 0, false,
                reason, "s3://drop/incoming/crm/eu/f.csv", null, "2026-12-01T00:00:00Z", LineRanges.of(carried), part,
                stale.length, stale.length == 0 ? null : LineRanges.of(stale), stale.length == 0 ? null : "newer-run",
                KeyHashes.of(LongStream.of(carried).map(l -> l * 31).toArray()),
                stale.length == 0 ? null : KeyHashes.of(LongStream.of(stale).map(l -> l * 31).toArray()));
        store.putJson(BUCKET, keys.outcome(destination, "users", number, part), outcome);
    }

    @Provide
    Arbitrary<DestinationSpec> destinationSpec() {
        Arbitrary<BatchSpec> batch = Combinators.combine(Arbitraries.of(STATUSES), Arbitraries.integers().between(2, 12),
                Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 3))
                .as((status, items, failed, stale) -> new BatchSpec(status, items,
                        status.equals(BatchOutcome.PARTIAL) ? Math.max(1, Math.min(failed, items - 1))
                                : status.equals(BatchOutcome.UNCONFIRMED) ? Math.min(failed, items - 1) : 0,
                        status.equals(BatchOutcome.STALE) ? Math.max(1, stale) : stale));
        return Combinators.combine(batch.list().ofMaxSize(5), Arbitraries.integers().between(1, 3).list().ofMaxSize(6),
                Arbitraries.integers().between(0, 4)).as(DestinationSpec::new);
    }

    private static List<JsonNode> rows(String key) {
        List<JsonNode> rows = new ArrayList<>();
        byte[] gzipped = store.read(BUCKET, key).orElseThrow(() -> new AssertionError("no table object " + key));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
        return rows;
    }

    private static byte[] bytes(StringBuilder lines) {
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ProfileSyncConfig config() {
        return new SmallRyeConfigBuilder().withMapping(ProfileSyncConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of()).build().getConfigMapping(ProfileSyncConfig.class);
    }
}
